package dev.waiter.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.waiter.ProxyHeader;

/**
 * Reads the PROXY protocol header of one connection on its own thread, before TLS and
 * before any handler: never on the acceptor. Bounded in time twice, as the TLS handshake
 * is (each read by SO_TIMEOUT, the whole header by a deadline that closes the plain
 * socket, so a balancer, or anyone, dripping bytes is cut off), and in size by
 * {@link ProxyHeaderDecoder}. It reads what the socket has, in as few reads as possible:
 * client bytes that came with the header are handed back, for the connection's input or
 * its TLS layer.
 */
final class ProxyHeaderReader {

	private static final int FIRST_READ = 256;

	private ProxyHeaderReader() {
	}

	/** A decoded header and the client's bytes read with it. */
	record Result(ProxyHeader header, byte[] leftover) {
	}

	static Result read(Socket plain, Duration timeout) throws IOException {
		HandshakeDeadline deadline = new HandshakeDeadline(() -> SocketConnection.closeQuietly(plain));
		ScheduledFuture<?> timer = ServerTimers.EXECUTOR.schedule(deadline::expire, timeout.toMillis(),
				TimeUnit.MILLISECONDS);
		try {
			plain.setSoTimeout(Math.toIntExact(timeout.toMillis()));
			Result result = readHeader(plain);
			timer.cancel(false);
			if (!deadline.complete()) {
				throw timedOut(timeout);
			}
			plain.setSoTimeout(0);
			return result;
		}
		catch (IOException | RuntimeException ex) {
			timer.cancel(false);
			if (!deadline.complete() || ex instanceof SocketTimeoutException) {
				throw timedOut(timeout);
			}
			throw ex;
		}
	}

	private static Result readHeader(Socket plain) throws IOException {
		InputStream in = plain.getInputStream();
		byte[] buffer = new byte[FIRST_READ];
		int filled = 0;
		int length;
		while ((length = ProxyHeaderDecoder.headerLength(buffer, filled)) < 0) {
			if (filled == buffer.length) {
				buffer = Arrays.copyOf(buffer, ProxyHeaderDecoder.V2_HEADER + ProxyHeaderDecoder.V2_MAX_PAYLOAD);
			}
			filled = fill(in, buffer, filled);
		}
		if (length > buffer.length) {
			buffer = Arrays.copyOf(buffer, length);
		}
		while (filled < length) {
			filled = fill(in, buffer, filled);
		}
		ProxyHeader header = ProxyHeaderDecoder.decode(buffer, length,
				(InetSocketAddress) plain.getRemoteSocketAddress());
		return new Result(header, Arrays.copyOfRange(buffer, length, filled));
	}

	private static int fill(InputStream in, byte[] buffer, int filled) throws IOException {
		int n = in.read(buffer, filled, buffer.length - filled);
		if (n < 0) {
			throw new EOFException("connection closed after " + filled + " bytes of a PROXY protocol header");
		}
		return filled + n;
	}

	private static SocketTimeoutException timedOut(Duration timeout) {
		return new SocketTimeoutException("no PROXY protocol header within " + timeout);
	}

}
