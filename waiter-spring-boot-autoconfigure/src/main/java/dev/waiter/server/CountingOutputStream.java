package dev.waiter.server;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts the bytes written to a client, unbuffered, and marks when a write is in
 * progress so that the write-timeout sweeper can see a client that stopped reading.
 * Written by the connection's thread only; the volatile fields let other threads read them.
 */
final class CountingOutputStream extends FilterOutputStream {

	private volatile long count;

	private final WriteClock clock;

	CountingOutputStream(OutputStream out, WriteClock clock) {
		super(out);
		this.clock = clock;
	}

	long getCount() {
		return this.count;
	}

	@Override
	public void write(int b) throws IOException {
		this.clock.begin();
		try {
			this.out.write(b);
		}
		finally {
			this.clock.end();
		}
		this.count++;
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		this.clock.begin();
		try {
			this.out.write(b, off, len);
		}
		finally {
			this.clock.end();
		}
		this.count += len;
	}

	@Override
	public void flush() throws IOException {
		this.clock.begin();
		try {
			this.out.flush();
		}
		finally {
			this.clock.end();
		}
	}

}
