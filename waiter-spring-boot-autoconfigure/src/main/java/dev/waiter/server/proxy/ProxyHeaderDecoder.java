package dev.waiter.server.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

import dev.waiter.ProxyHeader;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a PROXY protocol header (versions 1 and 2 of HAProxy's
 * {@code doc/proxy-protocol.txt}) from the bytes read so far. Pure: no I/O, no name
 * lookup (version 1 addresses are parsed by {@link ProxyAddressText}, never by
 * {@code InetAddress.getByName}), nothing read past the header; every length is checked
 * before it is used, so no input can make it throw anything but
 * {@link MalformedProxyHeaderException}. A version 2 {@code LOCAL} header is taken whatever
 * its family and block, which the spec has the receiver ignore.
 */
final class ProxyHeaderDecoder {

	/** The longest version 1 line the spec allows, CRLF included. */
	static final int V1_MAX_LENGTH = 107;

	/** The most address and TLV bytes accepted after a version 2 header's first 16. */
	static final int V2_MAX_PAYLOAD = 4096;

	static final int V2_HEADER = 16;

	private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private static final int PP2_TYPE_CRC32C = 0x03;

	private static final int SSL_VERSION = 0x21;

	private static final int SSL_CN = 0x22;

	private static final int SSL_CIPHER = 0x23;

	private static final int SSL_SIG_ALG = 0x24;

	private static final int SSL_KEY_ALG = 0x25;

	private ProxyHeaderDecoder() {
	}

	/**
	 * How long the header in {@code bytes[0, length)} is.
	 * @param bytes what was read from the connection so far
	 * @param length how many of them
	 * @return the header's length in bytes, or {@code -1} when more bytes are needed to
	 * tell (never more than {@link #V1_MAX_LENGTH} or {@code 16 + V2_MAX_PAYLOAD})
	 * @throws MalformedProxyHeaderException if the bytes cannot start a valid header
	 */
	static int headerLength(byte[] bytes, int length) throws MalformedProxyHeaderException {
		if (length == 0) {
			return -1;
		}
		if (bytes[0] == V1_SIGNATURE[0]) {
			requirePrefix(bytes, length, V1_SIGNATURE, "version 1");
			int limit = Math.min(length, V1_MAX_LENGTH);
			for (int i = V1_SIGNATURE.length; i < limit; i++) {
				if (bytes[i] == '\n') {
					if (bytes[i - 1] != '\r') {
						throw new MalformedProxyHeaderException("version 1 line ends without CRLF");
					}
					return i + 1;
				}
			}
			if (length >= V1_MAX_LENGTH) {
				throw new MalformedProxyHeaderException("version 1 line longer than " + V1_MAX_LENGTH + " bytes");
			}
			return -1;
		}
		if (bytes[0] == V2_SIGNATURE[0]) {
			requirePrefix(bytes, length, V2_SIGNATURE, "version 2");
			if (length < V2_HEADER) {
				return -1;
			}
			if ((bytes[12] & 0xF0) != 0x20) {
				throw new MalformedProxyHeaderException("version 2 signature with version nibble " + ((bytes[12] & 0xF0) >> 4));
			}
			int payload = u16(bytes, 14);
			if (payload > V2_MAX_PAYLOAD) {
				throw new MalformedProxyHeaderException("version 2 length " + payload + " is over " + V2_MAX_PAYLOAD);
			}
			return V2_HEADER + payload;
		}
		throw new MalformedProxyHeaderException("no PROXY protocol signature");
	}

	private static void requirePrefix(byte[] bytes, int length, byte[] signature, String version)
			throws MalformedProxyHeaderException {
		int n = Math.min(length, signature.length);
		for (int i = 0; i < n; i++) {
			if (bytes[i] != signature[i]) {
				throw new MalformedProxyHeaderException("bad " + version + " signature");
			}
		}
	}

	/**
	 * Decodes a whole header.
	 * @param bytes the header's bytes, from offset 0
	 * @param length its length, as {@link #headerLength} returned it
	 * @param proxy the socket's real peer: the balancer
	 * @return the header
	 * @throws MalformedProxyHeaderException if it breaks the spec
	 */
	static ProxyHeader decode(byte[] bytes, int length, InetSocketAddress proxy) throws MalformedProxyHeaderException {
		return (bytes[0] == V1_SIGNATURE[0]) ? decodeV1(bytes, length, proxy) : decodeV2(bytes, length, proxy);
	}

	private static ProxyHeader decodeV1(byte[] bytes, int length, InetSocketAddress proxy)
			throws MalformedProxyHeaderException {
		String line = new String(bytes, V1_SIGNATURE.length, length - V1_SIGNATURE.length - 2,
				StandardCharsets.US_ASCII);
		if (line.equals("UNKNOWN") || line.startsWith("UNKNOWN ")) {
			return new ProxyHeader(1, false, null, null, proxy, Map.of(), null);
		}
		String[] parts = line.split(" ", -1);
		if (parts.length != 5) {
			throw new MalformedProxyHeaderException("version 1 line needs 5 fields after PROXY, has " + parts.length);
		}
		boolean v4 = switch (parts[0]) {
			case "TCP4" -> true;
			case "TCP6" -> false;
			default -> throw new MalformedProxyHeaderException("version 1 protocol '" + parts[0] + "'");
		};
		InetAddress source = v4 ? ProxyAddressText.ipv4(parts[1]) : ProxyAddressText.ipv6(parts[1]);
		InetAddress destination = v4 ? ProxyAddressText.ipv4(parts[2]) : ProxyAddressText.ipv6(parts[2]);
		return new ProxyHeader(1, false, new InetSocketAddress(source, ProxyAddressText.port(parts[3])),
				new InetSocketAddress(destination, ProxyAddressText.port(parts[4])), proxy, Map.of(), null);
	}

	private static ProxyHeader decodeV2(byte[] bytes, int length, InetSocketAddress proxy)
			throws MalformedProxyHeaderException {
		int command = bytes[12] & 0x0F;
		if (command > 1) {
			throw new MalformedProxyHeaderException("version 2 command " + command);
		}
		if (command == 0) {
			// LOCAL: the spec has the receiver discard the block, family included, and keep the real endpoints
			return new ProxyHeader(2, true, null, null, proxy, Map.of(), null);
		}
		int family = (bytes[13] & 0xF0) >> 4;
		int transport = bytes[13] & 0x0F;
		if (family > 3 || transport > 2) {
			throw new MalformedProxyHeaderException("version 2 address family " + family + "/" + transport);
		}
		int addressLength = switch (family) {
			case 1 -> 12;
			case 2 -> 36;
			case 3 -> 216;
			default -> 0;
		};
		if (V2_HEADER + addressLength > length) {
			throw new MalformedProxyHeaderException("version 2 length " + (length - V2_HEADER)
					+ " is too short for address family " + family);
		}
		InetSocketAddress source = null;
		InetSocketAddress destination = null;
		if (transport != 0 && (family == 1 || family == 2)) {
			int size = (family == 1) ? 4 : 16;
			int at = V2_HEADER;
			source = new InetSocketAddress(ProxyAddressText.address(slice(bytes, at, size)), u16(bytes, at + 2 * size));
			destination = new InetSocketAddress(ProxyAddressText.address(slice(bytes, at + size, size)),
					u16(bytes, at + 2 * size + 2));
		}
		Map<Integer, byte[]> tlvs = new LinkedHashMap<>();
		readTlvs(bytes, V2_HEADER + addressLength, length, tlvs);
		checkCrc32c(bytes, V2_HEADER + addressLength, length);
		byte[] sslValue = tlvs.get(ProxyHeader.PP2_TYPE_SSL);
		ProxyHeader.Ssl ssl = (sslValue != null) ? ssl(sslValue) : null;
		return new ProxyHeader(2, false, source, destination, proxy, tlvs, ssl);
	}

	private static void readTlvs(byte[] bytes, int from, int to, Map<Integer, byte[]> into)
			throws MalformedProxyHeaderException {
		int at = from;
		while (at < to) {
			if (to - at < 3) {
				throw new MalformedProxyHeaderException("truncated TLV at byte " + at);
			}
			int type = bytes[at] & 0xFF;
			int size = u16(bytes, at + 1);
			if (at + 3 + size > to) {
				throw new MalformedProxyHeaderException("TLV 0x" + Integer.toHexString(type) + " overruns the header");
			}
			into.put(type, slice(bytes, at + 3, size));
			at += 3 + size;
		}
	}

	/**
	 * The spec's rule for a {@code PP2_TYPE_CRC32C} TLV: the CRC32c of the whole header,
	 * computed with the TLV's value as zeros, must equal it.
	 */
	private static void checkCrc32c(byte[] bytes, int from, int to) throws MalformedProxyHeaderException {
		for (int at = from; at < to; at += 3 + u16(bytes, at + 1)) {
			if ((bytes[at] & 0xFF) == PP2_TYPE_CRC32C) {
				if (u16(bytes, at + 1) != 4) {
					throw new MalformedProxyHeaderException("CRC32C TLV of " + u16(bytes, at + 1) + " bytes");
				}
				byte[] zeroed = Arrays.copyOf(bytes, to);
				Arrays.fill(zeroed, at + 3, at + 7, (byte) 0);
				CRC32C crc = new CRC32C();
				crc.update(zeroed, 0, to);
				long expected = ((bytes[at + 3] & 0xFFL) << 24) | ((bytes[at + 4] & 0xFFL) << 16)
						| ((bytes[at + 5] & 0xFFL) << 8) | (bytes[at + 6] & 0xFFL);
				if (crc.getValue() != expected) {
					throw new MalformedProxyHeaderException("CRC32C of the header does not match its TLV");
				}
			}
		}
	}

	private static ProxyHeader.Ssl ssl(byte[] value) throws MalformedProxyHeaderException {
		if (value.length < 5) {
			throw new MalformedProxyHeaderException("SSL TLV shorter than 5 bytes");
		}
		int client = value[0] & 0xFF;
		int verify = ((value[1] & 0xFF) << 24) | ((value[2] & 0xFF) << 16) | ((value[3] & 0xFF) << 8)
				| (value[4] & 0xFF);
		Map<Integer, byte[]> sub = new LinkedHashMap<>();
		readTlvs(value, 5, value.length, sub);
		return new ProxyHeader.Ssl(client, verify, text(sub.get(SSL_VERSION)), text(sub.get(SSL_CN)),
				text(sub.get(SSL_CIPHER)), text(sub.get(SSL_SIG_ALG)), text(sub.get(SSL_KEY_ALG)));
	}

	private static @Nullable String text(byte @Nullable [] value) {
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

	private static byte[] slice(byte[] bytes, int from, int size) {
		byte[] copy = new byte[size];
		System.arraycopy(bytes, from, copy, 0, size);
		return copy;
	}

	private static int u16(byte[] bytes, int at) {
		return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
	}

}
