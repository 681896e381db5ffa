package dev.waiter.server.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * The output of a {@link UnixSocket}: writes straight to the channel, all of each buffer
 * before it returns; once a timed read has turned the channel non-blocking, a write the
 * kernel cannot take waits in the write selector ({@link UnixChannelWaits}). Connection's
 * thread.
 */
final class UnixChannelOutput extends OutputStream {

	private final SocketChannel channel;

	private final UnixChannelWaits waits;

	UnixChannelOutput(SocketChannel channel, UnixChannelWaits waits) {
		this.channel = channel;
		this.waits = waits;
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
				if (this.channel.write(buffer) == 0 && this.waits.nonBlocking()) {
					this.waits.awaitWritable();
				}
			}
		}
		catch (ClosedChannelException ex) {
			throw new SocketException("Socket closed");
		}
	}

	@Override
	public void close() throws IOException {
		this.waits.close();
	}

}
