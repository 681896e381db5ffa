package dev.waiter.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A JDK Unix domain socket client for the tests: one request, the whole reply up to the server's close. */
final class UnixClient {

	private UnixClient() {
	}

	static SocketChannel connect(Path path) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(path));
		return channel;
	}

	static void send(SocketChannel channel, String text) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	/** Reads until the end of stream, at most 64 KiB. */
	static String readAll(SocketChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
			// until the server closes
		}
		buffer.flip();
		return StandardCharsets.UTF_8.decode(buffer).toString();
	}

	static String exchange(Path path, String request) throws IOException {
		try (SocketChannel channel = connect(path)) {
			send(channel, request);
			return readAll(channel);
		}
	}

}
