package dev.waiter.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

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
