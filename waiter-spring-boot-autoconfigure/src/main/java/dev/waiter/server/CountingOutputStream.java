package dev.waiter.server;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts the bytes written to a client, unbuffered. Written by the connection's thread
 * only; the volatile count lets other threads read it.
 */
final class CountingOutputStream extends FilterOutputStream {

	private volatile long count;

	CountingOutputStream(OutputStream out) {
		super(out);
	}

	long getCount() {
		return this.count;
	}

	@Override
	public void write(int b) throws IOException {
		this.out.write(b);
		this.count++;
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		this.out.write(b, off, len);
		this.count += len;
	}

}
