package dev.waiter.server.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.util.Formatter;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * {@code WaiterConnection.writer()}: a {@link PrintWriter} over the connection's
 * {@link ConnectionWriter} that never takes a monitor. {@code PrintWriter} synchronizes on
 * its lock around every write, and on JDK 21 to 23 a virtual thread blocked inside
 * {@code synchronized} (here: in a socket write to a client that does not read) pins its
 * carrier thread; JDK 24 and later no longer pin there. One connection's thread uses this
 * writer, so every method that would lock is overridden without the lock, with
 * {@code PrintWriter}'s behaviour: flushed on {@code println}, {@code printf} and
 * {@code format}; an {@code IOException} is swallowed and reported by
 * {@link #checkError()} (the sink also keeps the first socket failure, for the outcome);
 * an {@code InterruptedIOException} re-interrupts the thread. Checked on JDK 17 and 25 with
 * platform threads, which show the monitors they hold; no JDK 21 to 23 was at hand to
 * watch a carrier.
 */
final class ConnectionPrintWriter extends PrintWriter {

	private final ConnectionWriter sink;

	private @Nullable Formatter formatter;

	private boolean open = true;

	private boolean trouble;

	ConnectionPrintWriter(ConnectionWriter sink) {
		super(sink, true);
		this.sink = sink;
	}

	/** What every write does with a failure, as {@code PrintWriter} does. */
	private void failed(IOException ex) {
		if (ex instanceof InterruptedIOException) {
			Thread.currentThread().interrupt();
		}
		else {
			this.trouble = true;
		}
	}

	private void ensureOpen() throws IOException {
		if (!this.open) {
			throw new IOException("Stream closed");
		}
	}

	@Override
	public void write(int c) {
		try {
			ensureOpen();
			this.sink.write(c);
		}
		catch (IOException ex) {
			failed(ex);
		}
	}

	@Override
	public void write(char[] buf, int off, int len) {
		try {
			ensureOpen();
			this.sink.write(buf, off, len);
		}
		catch (IOException ex) {
			failed(ex);
		}
	}

	@Override
	public void write(char[] buf) {
		write(buf, 0, buf.length);
	}

	@Override
	public void write(String s, int off, int len) {
		try {
			ensureOpen();
			this.sink.write(s, off, len);
		}
		catch (IOException ex) {
			failed(ex);
		}
	}

	@Override
	public void write(String s) {
		write(s, 0, s.length());
	}

	@Override
	public void print(boolean b) {
		write(String.valueOf(b));
	}

	@Override
	public void print(char c) {
		write(c);
	}

	@Override
	public void print(int i) {
		write(String.valueOf(i));
	}

	@Override
	public void print(long l) {
		write(String.valueOf(l));
	}

	@Override
	public void print(float f) {
		write(String.valueOf(f));
	}

	@Override
	public void print(double d) {
		write(String.valueOf(d));
	}

	@Override
	public void print(char[] s) {
		write(s);
	}

	@Override
	public void print(@Nullable String s) {
		write(String.valueOf(s));
	}

	@Override
	public void print(@Nullable Object obj) {
		write(String.valueOf(obj));
	}

	/** The line separator, then a flush. */
	@Override
	public void println() {
		try {
			ensureOpen();
			this.sink.write(System.lineSeparator());
			this.sink.flush();
		}
		catch (IOException ex) {
			failed(ex);
		}
	}

	@Override
	public void println(boolean x) {
		print(x);
		println();
	}

	@Override
	public void println(char x) {
		print(x);
		println();
	}

	@Override
	public void println(int x) {
		print(x);
		println();
	}

	@Override
	public void println(long x) {
		print(x);
		println();
	}

	@Override
	public void println(float x) {
		print(x);
		println();
	}

	@Override
	public void println(double x) {
		print(x);
		println();
	}

	@Override
	public void println(char[] x) {
		print(x);
		println();
	}

	@Override
	public void println(@Nullable String x) {
		print(x);
		println();
	}

	@Override
	public void println(@Nullable Object x) {
		print(String.valueOf(x));
		println();
	}

	@Override
	public PrintWriter printf(String format, @Nullable Object... args) {
		return format(format, args);
	}

	@Override
	public PrintWriter printf(@Nullable Locale l, String format, @Nullable Object... args) {
		return format(l, format, args);
	}

	@Override
	public PrintWriter format(String format, @Nullable Object... args) {
		return format(Locale.getDefault(Locale.Category.FORMAT), format, args);
	}

	/** Formats into this writer (each piece through {@link #append}), then flushes. */
	@Override
	public PrintWriter format(@Nullable Locale l, String format, @Nullable Object... args) {
		try {
			ensureOpen();
			Formatter current = this.formatter;
			if (current == null || current.locale() != l) {
				current = new Formatter(this, l);
				this.formatter = current;
			}
			current.format(l, format, args);
			this.sink.flush();
		}
		catch (IOException ex) {
			failed(ex);
		}
		return this;
	}

	@Override
	public PrintWriter append(@Nullable CharSequence csq) {
		write(String.valueOf(csq));
		return this;
	}

	@Override
	public PrintWriter append(@Nullable CharSequence csq, int start, int end) {
		CharSequence text = (csq != null) ? csq : "null";
		return append(text.subSequence(start, end));
	}

	@Override
	public PrintWriter append(char c) {
		write(c);
		return this;
	}

	@Override
	public void flush() {
		try {
			ensureOpen();
			this.sink.flush();
		}
		catch (IOException ex) {
			failed(ex);
		}
	}

	/**
	 * Ends the text and sends it: a high surrogate still waiting for its low half becomes
	 * the replacement ({@link ConnectionWriter#finish()}). Connection's thread, before the
	 * socket closes; a failure is reported by {@link #checkError()}.
	 */
	void finish() {
		if (!this.open) {
			return;
		}
		try {
			this.sink.finish();
			this.sink.flush();
		}
		catch (IOException ex) {
			failed(ex);
		}
	}

	@Override
	public void close() {
		if (!this.open) {
			return;
		}
		this.open = false;
		try {
			this.sink.close();
		}
		catch (IOException ex) {
			failed(ex);
		}
	}

	@Override
	public boolean checkError() {
		if (this.open) {
			flush();
		}
		return this.trouble;
	}

	@Override
	protected void setError() {
		this.trouble = true;
	}

	@Override
	protected void clearError() {
		this.trouble = false;
	}

}
