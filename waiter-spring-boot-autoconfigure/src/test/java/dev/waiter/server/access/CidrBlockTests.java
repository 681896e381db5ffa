package dev.waiter.server.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CidrBlockTests {

	@Test
	void ipv4BlocksMatchTheirAddressesOnly() throws UnknownHostException {
		CidrBlock block = CidrBlock.parse("10.1.0.0/16");
		assertThat(block.contains(InetAddress.getByName("10.1.255.7"))).isTrue();
		assertThat(block.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
		assertThat(block.contains(InetAddress.getByName("::1"))).isFalse();
		assertThat(CidrBlock.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.1"))).isTrue();
		assertThat(CidrBlock.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2"))).isFalse();
		assertThat(CidrBlock.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9"))).isTrue();
	}

	@Test
	void ipv6BlocksMatchTheirAddressesOnly() throws UnknownHostException {
		assertThat(CidrBlock.parse("::1/128").contains(InetAddress.getByName("::1"))).isTrue();
		assertThat(CidrBlock.parse("fd00::/8").contains(InetAddress.getByName("fd12:3456::1"))).isTrue();
		assertThat(CidrBlock.parse("fd00::/8").contains(InetAddress.getByName("fe80::1"))).isFalse();
		assertThat(CidrBlock.parse("fd00::/8").contains(InetAddress.getByName("10.0.0.1"))).isFalse();
	}

	@Test
	void textThatIsNotACidrBlockIsRefusedWithoutAnyLookup() {
		assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse("localhost"));
		assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse("10.0.0.0/33"));
		assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse("10.0.0/8"));
		assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse("10.0.0.0/x"));
		assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse("::1/129"));
		assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse(""));
		assertThatIllegalArgumentException().isThrownBy(() -> CidrBlock.parse("/8"));
	}

	@Test
	void aRandomIpv4AddressLiesInTheBlockOfItsOwnPrefixAndItsNeighbourAcrossThePrefixDoesNot()
			throws UnknownHostException {
		SplittableRandom random = new SplittableRandom(7L);
		for (int i = 0; i < 20_000; i++) {
			checkPrefix(random.nextInt(), random.nextInt(33));
		}
	}

	private static void checkPrefix(int bits, int prefix) throws UnknownHostException {
		byte[] bytes = { (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits };
		InetAddress address = InetAddress.getByAddress(bytes);
		CidrBlock block = CidrBlock.parse(address.getHostAddress() + "/" + prefix);
		assertThat(block.contains(address)).isTrue();
		if (prefix > 0) {
			int flipped = bits ^ (1 << (32 - prefix));
			byte[] other = { (byte) (flipped >>> 24), (byte) (flipped >>> 16), (byte) (flipped >>> 8), (byte) flipped };
			assertThat(block.contains(InetAddress.getByAddress(other))).isFalse();
		}
	}

	@Test
	void randomIpv6BlocksAgreeWithABigIntegerModelOnRandomAddressesInsideAndOutside() throws UnknownHostException {
		SplittableRandom random = new SplittableRandom(20261128L);
		for (int i = 0; i < 20_000; i++) {
			byte[] network = new byte[16];
			random.nextBytes(network);
			int prefix = random.nextInt(129);
			String text = compressed(network, random) + "/" + prefix;
			byte[] candidate = network.clone();
			// flip a random number of random bits: some inside the prefix, some in the host part
			for (int flips = random.nextInt(3); flips > 0; flips--) {
				int bit = random.nextInt(128);
				candidate[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
			}
			CidrBlock block = CidrBlock.parse(text);
			boolean expected = samePrefix(network, candidate, prefix);
			assertThat(block.contains(InetAddress.getByAddress(candidate)))
				.as("%s contains %s", text, InetAddress.getByAddress(candidate).getHostAddress())
				.isEqualTo(expected);
		}
	}

	/** The model: the top {@code prefix} bits of both addresses, as unsigned 128-bit numbers. */
	private static boolean samePrefix(byte[] a, byte[] b, int prefix) {
		if (prefix == 0) {
			return true;
		}
		java.math.BigInteger left = new java.math.BigInteger(1, a).shiftRight(128 - prefix);
		java.math.BigInteger right = new java.math.BigInteger(1, b).shiftRight(128 - prefix);
		return left.equals(right);
	}

	/** The address in one of the spellings an operator might write: full, JDK-compressed, or with "::". */
	private static String compressed(byte[] address, SplittableRandom random) throws UnknownHostException {
		String full = InetAddress.getByAddress(address).getHostAddress();
		if (random.nextBoolean()) {
			return full;
		}
		// zero a run of groups so that "::" is needed, and spell it that way
		int start = random.nextInt(8);
		int length = 1 + random.nextInt(8 - start);
		for (int g = start; g < start + length; g++) {
			address[2 * g] = 0;
			address[2 * g + 1] = 0;
		}
		StringBuilder text = new StringBuilder();
		for (int g = 0; g < 8; g++) {
			if (g == start) {
				text.append("::");
				g = start + length - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(((address[2 * g] & 0xff) << 8) | (address[2 * g + 1] & 0xff)));
		}
		return text.toString();
	}

	@Test
	void parsingRandomTextEitherSucceedsOrSaysWhyAndNeverThrowsAnythingElse() {
		SplittableRandom random = new SplittableRandom(11L);
		byte[] alphabet = "0123456789abcdef:./x -".getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < 20_000; i++) {
			byte[] text = new byte[random.nextInt(45)];
			for (int j = 0; j < text.length; j++) {
				text[j] = alphabet[random.nextInt(alphabet.length)];
			}
			String candidate = new String(text, StandardCharsets.US_ASCII);
			try {
				CidrBlock.parse(candidate);
			}
			catch (IllegalArgumentException ex) {
				assertThat(ex.getMessage()).as(candidate).isNotBlank();
			}
		}
	}

}
