package dev.waiter.server.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses the text fields of a PROXY protocol version 1 line: IPv4 dotted quads, IPv6
 * literals (RFC 4291 section 2.2: eight groups of 1 to 4 hex digits, one {@code ::} at
 * most, a dotted quad in the last 32 bits) and ports. Byte by byte, by itself: the result
 * goes to {@link InetAddress#getByAddress(byte[])}, so no text, however odd, can reach a
 * name lookup, which {@code InetAddress.getByName} makes of anything that does not look
 * like a literal to it (such as {@code ".::"}). Pure; any thread.
 */
final class ProxyAddressText {

	private ProxyAddressText() {
	}

	/**
	 * An IPv4 address: four decimal octets.
	 * @param text the field
	 * @return the address
	 * @throws MalformedProxyHeaderException if it is not one
	 */
	static InetAddress ipv4(String text) throws MalformedProxyHeaderException {
		byte[] address = new byte[4];
		quad(text, address, 0, text);
		return address(address);
	}

	/**
	 * An IPv6 address literal, without zone or brackets.
	 * @param text the field
	 * @return the address (an IPv4-mapped one, {@code ::ffff:a.b.c.d}, as the IPv4 address)
	 * @throws MalformedProxyHeaderException if it is not one
	 */
	static InetAddress ipv6(String text) throws MalformedProxyHeaderException {
		if (text.indexOf(':') < 0) {
			throw new MalformedProxyHeaderException("'" + text + "' is not an IPv6 address");
		}
		int gap = text.indexOf("::");
		if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
			throw new MalformedProxyHeaderException("'" + text + "' is not an IPv6 address: '::' twice");
		}
		byte[] address = new byte[16];
		if (gap < 0) {
			int end = groups(text, address, 0, true, text);
			if (end != 16) {
				throw new MalformedProxyHeaderException("'" + text + "' is not an IPv6 address: not 8 groups");
			}
			return address(address);
		}
		byte[] head = new byte[16];
		byte[] tail = new byte[16];
		int headLength = groups(text.substring(0, gap), head, 0, false, text);
		int tailLength = groups(text.substring(gap + 2), tail, 0, true, text);
		if (headLength + tailLength > 14) {
			throw new MalformedProxyHeaderException("'" + text + "' is not an IPv6 address: '::' stands for no group");
		}
		System.arraycopy(head, 0, address, 0, headLength);
		System.arraycopy(tail, 0, address, 16 - tailLength, tailLength);
		return address(address);
	}

	/**
	 * Writes the colon-separated groups of one side of {@code ::} (or of the whole
	 * literal) into {@code into} from {@code at}.
	 * @param mayEndInQuad whether the last group may be a dotted quad
	 * @return how many bytes were written
	 */
	private static int groups(String part, byte[] into, int at, boolean mayEndInQuad, String text)
			throws MalformedProxyHeaderException {
		if (part.isEmpty()) {
			return 0;
		}
		int written = 0;
		int start = 0;
		while (true) {
			int colon = part.indexOf(':', start);
			String group = part.substring(start, (colon < 0) ? part.length() : colon);
			boolean last = colon < 0;
			if (last && mayEndInQuad && group.indexOf('.') >= 0) {
				requireRoom(written, 4, text);
				quad(group, into, at + written, text);
				return written + 4;
			}
			requireRoom(written, 2, text);
			int value = hex(group, text);
			into[at + written] = (byte) (value >> 8);
			into[at + written + 1] = (byte) value;
			written += 2;
			if (last) {
				return written;
			}
			start = colon + 1;
		}
	}

	private static void requireRoom(int written, int needed, String text) throws MalformedProxyHeaderException {
		if (written + needed > 16) {
			throw new MalformedProxyHeaderException("'" + text + "' is not an IPv6 address: more than 8 groups");
		}
	}

	private static int hex(String group, String text) throws MalformedProxyHeaderException {
		if (group.isEmpty() || group.length() > 4) {
			throw new MalformedProxyHeaderException(
					"'" + text + "' is not an IPv6 address: '" + group + "' is not 1 to 4 hex digits");
		}
		int value = 0;
		for (int i = 0; i < group.length(); i++) {
			int digit = hexDigit(group.charAt(i));
			if (digit < 0) {
				throw new MalformedProxyHeaderException(
						"'" + text + "' is not an IPv6 address: '" + group + "' is not 1 to 4 hex digits");
			}
			value = (value << 4) | digit;
		}
		return value;
	}

	private static int hexDigit(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		return (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
	}

	private static void quad(String quad, byte[] into, int at, String text) throws MalformedProxyHeaderException {
		int start = 0;
		for (int i = 0; i < 4; i++) {
			int dot = quad.indexOf('.', start);
			if ((i < 3) != (dot >= 0)) {
				throw new MalformedProxyHeaderException("'" + text + "' is not an IP address: '" + quad
						+ "' is not four decimal octets");
			}
			into[at + i] = (byte) decimal(quad.substring(start, (dot < 0) ? quad.length() : dot), 3, 255, text);
			start = dot + 1;
		}
	}

	/**
	 * A port: 1 to 5 decimal digits, at most 65535.
	 * @param text the field
	 * @return the port
	 * @throws MalformedProxyHeaderException if it is not one
	 */
	static int port(String text) throws MalformedProxyHeaderException {
		return decimal(text, 5, 65535, text);
	}

	private static int decimal(String digits, int maxDigits, int max, String field)
			throws MalformedProxyHeaderException {
		if (digits.isEmpty() || digits.length() > maxDigits) {
			throw new MalformedProxyHeaderException("'" + field + "' is not a valid number");
		}
		int value = 0;
		for (int i = 0; i < digits.length(); i++) {
			char c = digits.charAt(i);
			if (c < '0' || c > '9') {
				throw new MalformedProxyHeaderException("'" + field + "' is not a valid number");
			}
			value = value * 10 + (c - '0');
		}
		if (value > max) {
			throw new MalformedProxyHeaderException("'" + field + "' is out of range");
		}
		return value;
	}

	/** The address of 4 or 16 bytes: {@link InetAddress#getByAddress(byte[])} looks nothing up. */
	static InetAddress address(byte[] address) {
		try {
			return InetAddress.getByAddress(address);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("4 or 16 bytes are always an address", ex);
		}
	}

}
