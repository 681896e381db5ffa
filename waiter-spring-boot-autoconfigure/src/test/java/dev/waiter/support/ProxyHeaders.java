package dev.waiter.support;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds PROXY protocol headers byte by byte, as the tests send them: the version 2
 * signature and fixed part, IPv4 address blocks and TLVs.
 */
public final class ProxyHeaders {

	public static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private ProxyHeaders() {
	}

	public static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/** A version 2 header: signature, version and command, family, length, then the payload. */
	public static byte[] v2(int versionCommand, int family, byte[] payload) {
		ByteBuffer buffer = ByteBuffer.allocate(16 + payload.length);
		buffer.put(V2_SIGNATURE).put((byte) versionCommand).put((byte) family).putShort((short) payload.length);
		return buffer.put(payload).array();
	}

	/** The 12-byte IPv4 address block of a version 2 header. */
	public static byte[] ipv4(String source, String destination, int sourcePort, int destinationPort) {
		try {
			return ByteBuffer.allocate(12)
				.put(InetAddress.getByName(source).getAddress())
				.put(InetAddress.getByName(destination).getAddress())
				.putShort((short) sourcePort)
				.putShort((short) destinationPort)
				.array();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	public static byte[] tlv(int type, byte[] value) {
		return ByteBuffer.allocate(3 + value.length).put((byte) type).putShort((short) value.length).put(value).array();
	}

	public static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
