package dev.waiter.server.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address block in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}, or a
 * single address), as Net::Server's allow and deny lists take them. Immutable; matched on
 * the accepting thread for every client, so matching allocates nothing.
 */
public final class CidrBlock {

	private final String text;

	private final byte[] network;

	private final int prefixLength;

	private CidrBlock(String text, byte[] network, int prefixLength) {
		this.text = text;
		this.network = network;
		this.prefixLength = prefixLength;
	}

	/**
	 * Parses a block; only literal addresses are accepted, never host names.
	 * @param text such as {@code 192.168.0.0/16}, {@code fd00::/8} or {@code 127.0.0.1}
	 * @return the block
	 * @throws IllegalArgumentException if the text is not a CIDR block
	 */
	public static CidrBlock parse(String text) {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String address = (slash >= 0) ? trimmed.substring(0, slash) : trimmed;
		if (!isLiteral(address)) {
			throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
		}
		byte[] bytes = (address.indexOf(':') >= 0) ? ipv6(address, text) : ipv4(address, text);
		int bits = bytes.length * 8;
		int prefix = bits;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(trimmed.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("'" + text + "' has no valid prefix length", ex);
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-" + bits);
			}
		}
		return new CidrBlock(trimmed, mask(bytes, prefix), prefix);
	}

	private static byte[] ipv4(String address, String text) {
		String[] parts = address.split("\\.", -1);
		byte[] bytes = new byte[4];
		for (int i = 0; i < 4; i++) {
			if (parts[i].isEmpty() || parts[i].length() > 3 || Integer.parseInt(parts[i]) > 255) {
				throw new IllegalArgumentException("'" + text + "' is not an IPv4 address or CIDR block");
			}
			bytes[i] = (byte) Integer.parseInt(parts[i]);
		}
		return bytes;
	}

	/** An IPv6 literal (it contains ':'), which the JDK parses without any name lookup. */
	private static byte[] ipv6(String address, String text) {
		try {
			return InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("'" + text + "' is not an IPv6 address or CIDR block", ex);
		}
	}

	private static boolean isLiteral(String address) {
		if (address.isEmpty()) {
			return false;
		}
		if (address.indexOf(':') >= 0) {
			return address.chars().allMatch((c) -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
		}
		return address.chars().allMatch((c) -> (c >= '0' && c <= '9') || c == '.')
				&& address.chars().filter((c) -> c == '.').count() == 3;
	}

	private static byte[] mask(byte[] address, int prefix) {
		byte[] masked = Arrays.copyOf(address, address.length);
		for (int i = 0; i < masked.length; i++) {
			int keep = Math.max(0, Math.min(8, prefix - i * 8));
			masked[i] &= (byte) (0xff << (8 - keep));
		}
		return masked;
	}

	/**
	 * Whether the address lies in this block; an IPv4 address never matches an IPv6 block
	 * and the reverse.
	 * @param address the client's address
	 * @return true if it matches
	 */
	public boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length != this.network.length) {
			return false;
		}
		int fullBytes = this.prefixLength / 8;
		for (int i = 0; i < fullBytes; i++) {
			if (bytes[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefixLength % 8;
		if (rest == 0) {
			return true;
		}
		int mask = 0xff << (8 - rest);
		return (bytes[fullBytes] & mask) == (this.network[fullBytes] & mask);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
