package dev.waiter.server.connection;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;

import org.jspecify.annotations.Nullable;

/**
 * One connection's byte streams and the text views over them, created on first use on
 * the connection's thread: the buffered input and output every API shares, the
 * unbuffered {@code output()} view, the reader and the autoflushing writer. A client that
 * is refused, or whose handler never reads, costs none of their buffers.
 */
final class ConnectionStreams {

	/**
	 * Each of the input and output buffers, allocated on first use: a line protocol's
	 * request and a pipelined batch of small commands fit; larger writes bypass it.
	 */
	static final int BUFFER_SIZE = 2048;

	/** The reader's own byte and character buffers. */
	private static final int READER_BUFFER_SIZE = 1024;

	/**
	 * The writer's encoding chunk: it hands every write to the shared output at once, so
	 * it only bounds how much text is encoded per step, and a small one costs an idle
	 * connection whose handler took its writer little.
	 */
	private static final int WRITER_CHUNK_SIZE = 256;

	final SocketInput in;

	final SocketOutput out;

	private final Charset charset;

	private @Nullable UnbufferedOutput unbuffered;

	private @Nullable ConnectionReader reader;

	private @Nullable ConnectionPrintWriter writer;

	private @Nullable ConnectionWriter writerSink;

	ConnectionStreams(SocketConnection connection, Charset charset) {
		this.charset = charset;
		this.in = new SocketInput(connection.readState(), charset, BUFFER_SIZE);
		this.out = new SocketOutput(connection, this.in, charset, BUFFER_SIZE);
	}

	UnbufferedOutput unbuffered() {
		UnbufferedOutput view = this.unbuffered;
		if (view == null) {
			view = new UnbufferedOutput(this.out);
			this.unbuffered = view;
		}
		return view;
	}

	/**
	 * A reader with small buffers (2 KiB in all, against 24 KiB for an
	 * {@code InputStreamReader} in a {@code BufferedReader}), decoding from the shared input.
	 */
	ConnectionReader reader() {
		ConnectionReader text = this.reader;
		if (text == null) {
			text = new ConnectionReader(this.in, this.charset, READER_BUFFER_SIZE);
			this.reader = text;
		}
		return text;
	}

	/**
	 * A writer that encodes into the shared output and flushes on println, printf and
	 * format, and takes no monitor ({@link ConnectionPrintWriter}).
	 */
	PrintWriter writer() {
		ConnectionPrintWriter text = this.writer;
		if (text == null) {
			ConnectionWriter sink = new ConnectionWriter(this.out, this.charset, WRITER_CHUNK_SIZE);
			text = new ConnectionPrintWriter(sink);
			this.writerSink = sink;
			this.writer = text;
		}
		return text;
	}

	/**
	 * Sends what the handler left in the writer (a dangling high surrogate as the
	 * replacement) and the output. Called on the connection's thread before the socket
	 * closes; a failure is kept by the output, not thrown.
	 */
	void flushQuietly() {
		ConnectionPrintWriter text = this.writer;
		if (text != null) {
			text.finish();
		}
		try {
			this.out.flush();
		}
		catch (IOException ex) {
			// kept by the output as its failure
		}
	}

	/** The first error writing to the socket, through any write API. */
	@Nullable IOException failure() {
		IOException failure = this.out.failure();
		if (failure == null && this.writerSink != null) {
			failure = this.writerSink.failure();
		}
		return failure;
	}

}
