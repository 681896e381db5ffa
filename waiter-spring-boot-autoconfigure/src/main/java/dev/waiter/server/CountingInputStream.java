package dev.waiter.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read from a client. Written by the connection's thread only; the
 * volatile count lets the endpoint and metrics read it from any thread.
 */
final class CountingInputStream extends FilterInputStream {

	private volatile long count;

	private boolean ended;

	CountingInputStream(InputStream in) {
		super(in);
	}

	long getCount() {
		return this.count;
	}

	/** Whether a read returned the end of the stream; on the connection's thread. */
	boolean isEnded() {
		return this.ended;
	}

	@Override
	public int read() throws IOException {
		int b = this.in.read();
		if (b >= 0) {
			this.count++;
		}
		else {
			this.ended = true;
		}
		return b;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		int n = this.in.read(b, off, len);
		if (n > 0) {
			this.count += n;
		}
		else if (n < 0) {
			this.ended = true;
		}
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		long skipped = this.in.skip(n);
		this.count += skipped;
		return skipped;
	}

	@Override
	public boolean markSupported() {
		return false;
	}

}
