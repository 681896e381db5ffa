package dev.waiter.server.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

import dev.waiter.ProxyHeader;
import dev.waiter.WaiterOutcome;
import dev.waiter.server.connection.SocketConnection;

/**
 * Reads the PROXY protocol header of one connection on its own thread, before TLS and
 * before any handler: never on the acceptor. Bounded in size by {@link ProxyHeaderDecoder}
 * and in time by the header timeout, which the run's sweeper ({@link dev.waiter.server.timeout.IoTimeouts}) keeps
 * with the connection's read clock: a balancer, or anyone, that is silent or drips bytes is
 * closed, with no timer armed per connection and no SO_TIMEOUT (which costs a timer per
 * blocking read on virtual threads). It reads what the socket has, in as few reads as it
 * can; client bytes that came with the header are handed back, for the connection's
 * input or its TLS layer.
 */
public final class ProxyHeaderReader {

	private static final int FIRST_READ = 256;

	private ProxyHeaderReader() {
	}

	/** A decoded header and the client's bytes read with it. */
	public record Result(ProxyHeader header, byte[] leftover) {
	}

	public static Result read(SocketConnection connection, Duration timeout) throws IOException {
		Socket plain = connection.plainSocket();
		Header header = new Header(plain.getInputStream());
		connection.readState().readingProxyHeader(true);
		try {
			while (!header.complete()) {
				header.fill();
			}
		}
		catch (IOException ex) {
			throw (connection.closedBy() == WaiterOutcome.TIMEOUT) ? timedOut(timeout) : ex;
		}
		finally {
			connection.readState().readingProxyHeader(false);
		}
		return header.decode(plain);
	}

	/** The bytes read so far and what the decoder makes of them; on the connection's thread. */
	private static final class Header {

		private final InputStream in;

		private byte[] buffer = new byte[FIRST_READ];

		private int filled;

		private int length = -1;

		Header(InputStream in) {
			this.in = in;
		}

		/** One read: at least one byte, or an error. */
		void fill() throws IOException {
			if (this.filled == this.buffer.length) {
				int size = Math.max(this.length, ProxyHeaderDecoder.V2_HEADER + ProxyHeaderDecoder.V2_MAX_PAYLOAD);
				this.buffer = Arrays.copyOf(this.buffer, size);
			}
			int n = this.in.read(this.buffer, this.filled, this.buffer.length - this.filled);
			if (n < 0) {
				throw new EOFException("connection closed after " + this.filled + " bytes of a PROXY protocol header");
			}
			this.filled += n;
		}

		/** Whether the whole header is in; refuses bad bytes as soon as they arrive. */
		boolean complete() throws MalformedProxyHeaderException {
			if (this.length < 0) {
				this.length = ProxyHeaderDecoder.headerLength(this.buffer, this.filled);
				if (this.length > this.buffer.length) {
					this.buffer = Arrays.copyOf(this.buffer, this.length);
				}
			}
			return this.length >= 0 && this.filled >= this.length;
		}

		Result decode(Socket plain) throws MalformedProxyHeaderException {
			ProxyHeader header = ProxyHeaderDecoder.decode(this.buffer, this.length,
					(InetSocketAddress) plain.getRemoteSocketAddress());
			return new Result(header, Arrays.copyOfRange(this.buffer, this.length, this.filled));
		}

	}

	private static SocketTimeoutException timedOut(Duration timeout) {
		return new SocketTimeoutException("no PROXY protocol header within " + timeout);
	}

}
