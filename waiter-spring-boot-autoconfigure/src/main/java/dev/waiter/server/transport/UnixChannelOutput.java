package dev.waiter.server.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * The output of a {@link UnixSocket}: writes straight to the blocking channel, all of
 * each buffer before it returns. Connection's thread.
 */
final class UnixChannelOutput extends OutputStream {

	private final SocketChannel channel;

	UnixChannelOutput(SocketChannel channel) {
		this.channel = channel;
	}

	@Override
	public void write(int b) throws IOException {
		write(new byte[] { (byte) b }, 0, 1);
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		Objects.checkFromIndexSize(off, len, b.length);
		ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
		try {
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		}
		catch (ClosedChannelException ex) {
			throw new SocketException("Socket closed");
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
