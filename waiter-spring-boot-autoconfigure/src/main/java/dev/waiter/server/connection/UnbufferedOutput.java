package dev.waiter.server.connection;

import java.io.IOException;
import java.io.OutputStream;

import dev.waiter.ConnectionOutput;

/**
 * {@code WaiterConnection.output()}: every write goes into the connection's buffered
 * output and is sent at once, so it keeps its order with the other write APIs and
 * behaves as the unbuffered socket stream Net::Waiter handlers expect.
 */
final class UnbufferedOutput extends OutputStream {

	private final ConnectionOutput out;

	UnbufferedOutput(ConnectionOutput out) {
		this.out = out;
	}

	@Override
	public void write(int b) throws IOException {
		this.out.write(b);
		this.out.flush();
	}

	@Override
	public void write(byte[] source, int offset, int length) throws IOException {
		this.out.write(source, offset, length);
		this.out.flush();
	}

	@Override
	public void flush() throws IOException {
		this.out.flush();
	}

}
