package dev.waiter.server.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import dev.waiter.ProxyHeader;
import org.junit.jupiter.api.Test;

import static dev.waiter.support.ProxyHeaders.ascii;
import static dev.waiter.support.ProxyHeaders.concat;
import static dev.waiter.support.ProxyHeaders.ipv4;
import static dev.waiter.support.ProxyHeaders.tlv;
import static dev.waiter.support.ProxyHeaders.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProxyHeaderDecoderTests {

	private static final InetSocketAddress BALANCER = new InetSocketAddress("127.0.0.1", 40000);

	@Test
	void theSpecsVersion1Tcp4ExampleGivesTheClientsEndpoints() throws Exception {
		ProxyHeader header = decode(ascii("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n"));
		assertThat(header.version()).isEqualTo(1);
		assertThat(header.source()).isEqualTo(new InetSocketAddress("255.255.255.255", 65535));
		assertThat(header.destination()).isEqualTo(new InetSocketAddress("255.255.255.255", 65535));
		assertThat(header.proxyAddress()).isEqualTo(BALANCER);
	}

	@Test
	void theSpecsWorstCaseVersion1LinesFitIn107Bytes() throws Exception {
		String full = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
		byte[] unknown = ascii("PROXY UNKNOWN " + full + " " + full + " 65535 65535\r\n");
		assertThat(unknown).hasSize(ProxyHeaderDecoder.V1_MAX_LENGTH);
		assertThat(decode(unknown).source()).isNull();
		ProxyHeader header = decode(ascii("PROXY TCP6 " + full + " " + full + " 65535 65535\r\n"));
		assertThat(header.source().getAddress().getHostAddress()).isEqualTo("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
		assertThat(header.source().getPort()).isEqualTo(65535);
	}

	@Test
	void theSpecsVersion1ExamplesWithRealAddressesDecode() throws Exception {
		ProxyHeader v4 = decode(ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"));
		assertThat(v4.source()).isEqualTo(new InetSocketAddress("192.168.0.1", 56324));
		assertThat(v4.destination()).isEqualTo(new InetSocketAddress("192.168.0.11", 443));
		ProxyHeader v6 = decode(ascii("PROXY TCP6 2001:db8::1 2001:db8::2 40000 8080\r\n"));
		assertThat(v6.source()).isEqualTo(new InetSocketAddress("2001:db8::1", 40000));
	}

	@Test
	void version1UnknownKeepsTheRealEndpointsWhateverFollowsIt() throws Exception {
		assertThat(decode(ascii("PROXY UNKNOWN\r\n")).source()).isNull();
		assertThat(decode(ascii("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n")).source()).isNull();
	}

	@Test
	void version1LinesThatBreakTheSpecAreRefused() {
		for (String bad : new String[] { "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", "PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n",
				"PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n", "PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n",
				"PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n",
				"PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n", "PROXY TCP6 1.2.3.4 5.6.7.8 1 2\r\n",
				"PROXY TCP4 a.b.c.d 5.6.7.8 1 2\r\n", "PROXY TCP6 localhost ::1 1 2\r\n", "PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n",
				"proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n", "GET / HTTP/1.1\r\n" }) {
			assertThatExceptionOfType(MalformedProxyHeaderException.class).as(bad).isThrownBy(() -> decode(ascii(bad)));
		}
	}

	@Test
	void tcp6AddressesAreParsedAsLiteralsByTheDecoderItself() throws Exception {
		String[][] cases = { { "::", "::" }, { "::1", "::1" }, { "1::", "1::" }, { "2001:DB8::A", "2001:db8::a" },
				{ "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8" }, { "1::8", "1::8" }, { "1:2:3:4:5:6::8", "1:2:3:4:5:6::8" },
				{ "::1.2.3.4", "::102:304" }, { "64:ff9b::192.0.2.33", "64:ff9b::c000:221" },
				{ "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304" }, { "0:0:0:0:0:0:0:1", "::1" } };
		for (String[] c : cases) {
			ProxyHeader header = decode(ascii("PROXY TCP6 " + c[0] + " ::1 1 2\r\n"));
			assertThat(header.source().getAddress()).as(c[0]).isEqualTo(InetAddress.getByName(c[1]));
		}
		assertThat(decode(ascii("PROXY TCP6 ::ffff:192.0.2.1 ::1 1 2\r\n")).source().getAddress().getHostAddress())
			.isEqualTo("192.0.2.1");
	}

	/**
	 * The JDK looks up any text that does not start with a hex digit or a colon as a host
	 * name ({@code InetAddress.getByName(".::")} asks DNS). The decoder must refuse it as
	 * no literal, by its own parser, with no lookup: the reason names the bad group.
	 */
	@Test
	void aTcp6AddressThatIsNoLiteralIsRefusedWithoutANameLookup() {
		for (String bad : new String[] { ".::", ".1:2::", "..:", ".:1:2:3:4:5:6:7" }) {
			assertThatExceptionOfType(MalformedProxyHeaderException.class).as(bad)
				.isThrownBy(() -> decode(ascii("PROXY TCP6 " + bad + " ::1 1 2\r\n")))
				.withMessageContaining("not 1 to 4 hex digits");
		}
	}

	@Test
	void tcp6TextsThatAreNoRfc4291LiteralAreRefused() {
		for (String bad : new String[] { "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1:::2", "::1:",
				"12345::", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "::1.2.3.256", "1.2.3.4::", "::1.2.3.4:1", "fe80::1%1", ":",
				"g::1", "::ffff:1.2.3.04x" }) {
			assertThatExceptionOfType(MalformedProxyHeaderException.class).as(bad)
				.isThrownBy(() -> decode(ascii("PROXY TCP6 " + bad + " ::1 1 2\r\n")));
		}
	}

	/**
	 * Seeded differential test against the JDK's literal parser, on texts it parses
	 * without any lookup (they start with a hex digit or a colon and contain a colon):
	 * both accept the same texts, as the same address. The generator keeps groups to 4 hex
	 * digits and octets to 3 decimal ones, where the JDK is laxer than RFC 4291 (it takes
	 * {@code 0da9f::} and {@code ::0188.1.2.3}) and the decoder is not.
	 */
	@Test
	void tcp6LiteralsAgreeWithTheJdksOwnLiteralParser() throws Exception {
		Random random = new Random(4291L);
		int accepted = 0;
		for (int round = 0; round < 20_000; round++) {
			String text = randomIpv6Text(random);
			if (text.indexOf(':') < 0 || !(Character.digit(text.charAt(0), 16) >= 0 || text.charAt(0) == ':')) {
				continue;
			}
			InetAddress jdk;
			try {
				jdk = InetAddress.getByName(text);
			}
			catch (java.net.UnknownHostException ex) {
				jdk = null;
			}
			byte[] line = ascii("PROXY TCP6 " + text + " ::1 1 2\r\n");
			if (line.length > ProxyHeaderDecoder.V1_MAX_LENGTH) {
				continue;
			}
			InetAddress ours;
			try {
				ours = decode(line).source().getAddress();
			}
			catch (MalformedProxyHeaderException ex) {
				ours = null;
			}
			assertThat(ours).as(text).isEqualTo(jdk);
			accepted += (ours != null) ? 1 : 0;
		}
		assertThat(accepted).isGreaterThan(1000);
	}

	private static String randomIpv6Text(Random random) {
		StringBuilder text = new StringBuilder();
		int groups = 1 + random.nextInt(9);
		int gap = random.nextInt(3) == 0 ? -1 : random.nextInt(groups + 1);
		for (int i = 0; i < groups; i++) {
			if (i == gap) {
				text.append("::");
			}
			else if (i > 0) {
				text.append(':');
			}
			int digits = random.nextInt(5);
			for (int d = 0; d < digits; d++) {
				text.append("0123456789abcdefABCDEF".charAt(random.nextInt(22)));
			}
		}
		if (gap == groups) {
			text.append("::");
		}
		if (random.nextInt(4) == 0) {
			text.append(random.nextBoolean() ? ":" : "");
			int octets = 3 + random.nextInt(3);
			for (int i = 0; i < octets; i++) {
				int octet = random.nextInt(300);
				text.append(i > 0 ? "." : "").append(octet < 100 && random.nextInt(10) == 0 ? "0" : "").append(octet);
			}
		}
		return text.toString();
	}

	/** No class of the decoder calls anything that could resolve a name, whatever the input. */
	@Test
	void theDecoderHasNoCallThatCouldLookANameUp() throws Exception {
		Path classes = Path.of(ProxyHeaderDecoder.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.resolve("dev/waiter/server/proxy");
		List<Path> decoder;
		try (Stream<Path> files = Files.list(classes)) {
			decoder = files.filter((file) -> file.getFileName().toString().matches("Proxy(HeaderDecoder|AddressText).*\\.class"))
				.toList();
		}
		assertThat(decoder).isNotEmpty();
		for (Path file : decoder) {
			String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
			assertThat(constants).as(file.getFileName().toString())
				.doesNotContain("getByName", "getAllByName", "getHostName", "getCanonicalHostName", "getLocalHost");
		}
	}

	@Test
	void unknownMustEndTheLineOrBeFollowedByASpace() throws Exception {
		assertThat(decode(ascii("PROXY UNKNOWN anything at all\r\n")).source()).isNull();
		for (String bad : new String[] { "PROXY UNKNOWNX\r\n", "PROXY UNKNOWN4 1.2.3.4 5.6.7.8 1 2\r\n",
				"PROXY UNKNOWN\t\r\n" }) {
			assertThatExceptionOfType(MalformedProxyHeaderException.class).as(bad).isThrownBy(() -> decode(ascii(bad)));
		}
	}

	@Test
	void aVersion1LineWithoutCrlfWithin107BytesIsRefused() throws Exception {
		byte[] endless = ascii("PROXY TCP4 " + "1".repeat(200));
		assertThat(ProxyHeaderDecoder.headerLength(endless, 106)).isEqualTo(-1);
		assertThatExceptionOfType(MalformedProxyHeaderException.class)
			.isThrownBy(() -> ProxyHeaderDecoder.headerLength(endless, 107))
			.withMessageContaining("longer than 107");
	}

	@Test
	void version2Tcp4WithTlvsDecodesAddressesAndTlvs() throws Exception {
		byte[] ssl = ssl();
		byte[] header = v2(0x21, 0x11, concat(ipv4("10.1.2.3", "10.9.9.9", 51000, 7000),
				tlv(0x01, ascii("h2")), tlv(0x02, ascii("example.org")), tlv(0x05, ascii("abc-123")), tlv(0x20, ssl)));
		ProxyHeader decoded = decode(header);
		assertThat(decoded.version()).isEqualTo(2);
		assertThat(decoded.isLocal()).isFalse();
		assertThat(decoded.source()).isEqualTo(new InetSocketAddress("10.1.2.3", 51000));
		assertThat(decoded.destination()).isEqualTo(new InetSocketAddress("10.9.9.9", 7000));
		assertThat(decoded.alpn()).isEqualTo("h2");
		assertThat(decoded.authority()).isEqualTo("example.org");
		assertThat(decoded.uniqueId()).isEqualTo("abc-123");
		assertThat(decoded.ssl()).isNotNull();
		assertThat(decoded.ssl().isTls()).isTrue();
		assertThat(decoded.ssl().isClientCertificateVerified()).isTrue();
		assertThat(decoded.ssl().version()).isEqualTo("TLSv1.3");
		assertThat(decoded.ssl().commonName()).isEqualTo("client-a");
		assertThat(decoded.ssl().cipher()).isEqualTo("TLS_AES_128_GCM_SHA256");
	}

	@Test
	void version2Tcp6DecodesBothEndpoints() throws Exception {
		ByteBuffer addresses = ByteBuffer.allocate(36);
		addresses.put(InetAddress.getByName("2001:db8::7").getAddress()).put(InetAddress.getByName("::1").getAddress());
		addresses.putShort((short) 60000).putShort((short) 443);
		ProxyHeader decoded = decode(v2(0x21, 0x21, addresses.array()));
		assertThat(decoded.source()).isEqualTo(new InetSocketAddress("2001:db8::7", 60000));
		assertThat(decoded.destination()).isEqualTo(new InetSocketAddress("::1", 443));
	}

	@Test
	void version2LocalKeepsTheRealEndpointsAndStillSkipsTheDeclaredLength() throws Exception {
		byte[] header = v2(0x20, 0x11, concat(ipv4("10.1.2.3", "10.9.9.9", 1, 2), tlv(0x04, new byte[5])));
		byte[] withData = concat(header, ascii("hello"));
		assertThat(ProxyHeaderDecoder.headerLength(withData, withData.length)).isEqualTo(header.length);
		ProxyHeader decoded = decode(header);
		assertThat(decoded.isLocal()).isTrue();
		assertThat(decoded.source()).isNull();
	}

	/**
	 * The spec: with LOCAL "the receiver must accept this connection as valid and must use
	 * the real connection endpoints and discard the protocol block including the family
	 * which is ignored".
	 */
	@Test
	void version2LocalIgnoresTheFamilyAndTheBlockWhateverTheyAre() throws Exception {
		int[] families = { 0x00, 0x11, 0x12, 0x21, 0x31, 0x32, 0x41, 0x13, 0xFF };
		for (int family : families) {
			for (int length : new int[] { 0, 3, 12, 215 }) {
				byte[] header = v2(0x20, family, new byte[length]);
				ProxyHeader decoded = decode(header);
				assertThat(decoded.isLocal()).isTrue();
				assertThat(decoded.source()).as("family 0x%x length %d", family, length).isNull();
				assertThat(decoded.destination()).isNull();
				assertThat(decoded.tlvs()).isEmpty();
			}
		}
		byte[] block = new byte[ProxyHeaderDecoder.V2_MAX_PAYLOAD];
		new Random(7).nextBytes(block);
		assertThat(decode(v2(0x20, 0x21, block)).isLocal()).isTrue();
	}

	@Test
	void aVersion2Crc32cTlvIsCheckedAgainstTheWholeHeader() throws Exception {
		byte[] header = v2(0x21, 0x11, concat(ipv4("10.1.2.3", "10.9.9.9", 1, 2), tlv(0x03, new byte[4])));
		java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
		crc.update(header);
		long value = crc.getValue();
		int at = header.length - 4;
		header[at] = (byte) (value >>> 24);
		header[at + 1] = (byte) (value >>> 16);
		header[at + 2] = (byte) (value >>> 8);
		header[at + 3] = (byte) value;
		assertThat(decode(header).source()).isEqualTo(new InetSocketAddress("10.1.2.3", 1));
		header[16] ^= 1;
		assertThatExceptionOfType(MalformedProxyHeaderException.class).isThrownBy(() -> decode(header))
			.withMessageContaining("CRC32C");
	}

	@Test
	void version2UnspecAndUnixFamiliesKeepTheRealEndpoints() throws Exception {
		assertThat(decode(v2(0x21, 0x00, new byte[0])).source()).isNull();
		assertThat(decode(v2(0x21, 0x31, new byte[216])).source()).isNull();
	}

	@Test
	void aVersion2LengthPastTheLimitIsRefusedBeforeAnyOfItIsRead() throws Exception {
		byte[] start = Arrays.copyOf(v2(0x21, 0x11, new byte[12]), 16);
		start[14] = (byte) 0x10;
		start[15] = (byte) 0x01;
		assertThatExceptionOfType(MalformedProxyHeaderException.class)
			.isThrownBy(() -> ProxyHeaderDecoder.headerLength(start, 16))
			.withMessageContaining("4097");
	}

	@Test
	void aBadVersionNibbleACommandOrAFamilyIsRefused() {
		for (int[] bad : new int[][] { { 0x11, 0x11 }, { 0x31, 0x11 }, { 0x22, 0x11 }, { 0x21, 0x41 }, { 0x21, 0x13 } }) {
			byte[] header = v2(bad[0], bad[1], new byte[12]);
			assertThatExceptionOfType(MalformedProxyHeaderException.class).as(Arrays.toString(bad))
				.isThrownBy(() -> decode(header));
		}
	}

	@Test
	void addressesOrTlvsOverrunningTheDeclaredLengthAreRefused() {
		assertThatExceptionOfType(MalformedProxyHeaderException.class)
			.isThrownBy(() -> decode(v2(0x21, 0x11, new byte[8])));
		byte[] overrun = concat(ipv4("1.2.3.4", "5.6.7.8", 1, 2), new byte[] { 0x02, 0x00, 0x09, 'a' });
		assertThatExceptionOfType(MalformedProxyHeaderException.class).isThrownBy(() -> decode(v2(0x21, 0x11, overrun)));
		byte[] halfTlv = concat(ipv4("1.2.3.4", "5.6.7.8", 1, 2), new byte[] { 0x02, 0x00 });
		assertThatExceptionOfType(MalformedProxyHeaderException.class).isThrownBy(() -> decode(v2(0x21, 0x11, halfTlv)));
	}

	@Test
	void truncatedHeadersAskForMoreBytesAndNeverForMoreThanTheHeader() throws Exception {
		byte[][] headers = { ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"),
				v2(0x21, 0x11, concat(ipv4("10.1.2.3", "10.9.9.9", 1, 2), tlv(0x05, ascii("id")))) };
		for (byte[] header : headers) {
			for (int length = 0; length < header.length; length++) {
				int answer = ProxyHeaderDecoder.headerLength(header, length);
				assertThat(answer).as("after %d bytes", length).isIn(-1, header.length);
				if (header[0] == 'P') {
					assertThat(answer).isEqualTo(-1);
				}
			}
			assertThat(ProxyHeaderDecoder.headerLength(header, header.length)).isEqualTo(header.length);
		}
	}

	@Test
	void garbageIsRefusedFromItsFirstWrongByte() {
		assertThatExceptionOfType(MalformedProxyHeaderException.class)
			.isThrownBy(() -> ProxyHeaderDecoder.headerLength(ascii("HELLO"), 1));
		assertThatExceptionOfType(MalformedProxyHeaderException.class)
			.isThrownBy(() -> ProxyHeaderDecoder.headerLength(ascii("PROXZ"), 5));
		assertThatExceptionOfType(MalformedProxyHeaderException.class)
			.isThrownBy(() -> ProxyHeaderDecoder.headerLength(new byte[] { 0x0D, 0x0A, 0x0D, 0x0B }, 4));
	}

	/**
	 * Seeded fuzzing against a model: mutated valid headers and random bytes either
	 * decode to what the model says, ask for more within the bounds, or are refused with
	 * the one checked exception; nothing else escapes.
	 */
	@Test
	void fuzzedHeadersNeverThrowAnythingButTheMalformedHeaderExceptionAndStayWithinBounds() throws Exception {
		Random random = new Random(20261128L);
		byte[][] seeds = { ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"),
				ascii("PROXY TCP6 2001:db8::1 2001:db8::2 40000 8080\r\n"), ascii("PROXY UNKNOWN\r\n"),
				v2(0x21, 0x11, concat(ipv4("10.1.2.3", "10.9.9.9", 1, 2), tlv(0x20, ssl()))),
				v2(0x20, 0x00, new byte[0]) };
		int decoded = 0;
		int refused = 0;
		for (int round = 0; round < 50_000; round++) {
			byte[] input = mutate(random, seeds[random.nextInt(seeds.length)]);
			try {
				int length = ProxyHeaderDecoder.headerLength(input, input.length);
				assertThat(length).isBetween(-1, ProxyHeaderDecoder.V2_HEADER + ProxyHeaderDecoder.V2_MAX_PAYLOAD);
				if (length > 0 && length <= input.length) {
					ProxyHeader header = ProxyHeaderDecoder.decode(input, length, BALANCER);
					assertThat(header.version()).isIn(1, 2);
					assertThat(header.proxyAddress()).isEqualTo(BALANCER);
					if (input[0] == 'P') {
						assertThat(header.version()).isEqualTo(1);
						assertThat(input[length - 2]).isEqualTo((byte) '\r');
						assertThat(header.source() == null).isEqualTo(new String(input, 6, 7, StandardCharsets.US_ASCII)
							.equals("UNKNOWN"));
					}
					decoded++;
				}
			}
			catch (MalformedProxyHeaderException ex) {
				refused++;
			}
		}
		assertThat(decoded).isGreaterThan(1000);
		assertThat(refused).isGreaterThan(1000);
	}

	private static byte[] mutate(Random random, byte[] seed) {
		byte[] input = seed.clone();
		switch (random.nextInt(5)) {
			case 0 -> input[random.nextInt(input.length)] = (byte) random.nextInt(256);
			case 1 -> input = Arrays.copyOf(input, random.nextInt(input.length + 1));
			case 2 -> {
				input = new byte[random.nextInt(64)];
				random.nextBytes(input);
			}
			case 3 -> input = concat(input, ascii("client bytes"));
			default -> {
			}
		}
		return input;
	}

	private static ProxyHeader decode(byte[] bytes) throws Exception {
		int length = ProxyHeaderDecoder.headerLength(bytes, bytes.length);
		assertThat(length).isEqualTo(bytes.length);
		return ProxyHeaderDecoder.decode(bytes, length, BALANCER);
	}

	private static byte[] ssl() {
		return concat(new byte[] { 0x07, 0, 0, 0, 0 }, tlv(0x21, ascii("TLSv1.3")), tlv(0x22, ascii("client-a")),
				tlv(0x23, ascii("TLS_AES_128_GCM_SHA256")));
	}

}
