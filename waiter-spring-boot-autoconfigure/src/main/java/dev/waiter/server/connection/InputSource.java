package dev.waiter.server.connection;

import java.io.IOException;
import java.io.InputStream;

import dev.waiter.WaiterOutcome;
import org.jspecify.annotations.Nullable;

/** Where the bytes come from, and who hears about reads: the connection, or a test's stream. */
interface InputSource {

	InputStream openInput() throws IOException;

	/**
	 * Called before a socket read while nothing is buffered, which may block.
	 * @param answered whether the handler has consumed nothing since its last reply was
	 * written ({@link SocketInput#replied()})
	 */
	default void beforeBlockingRead(boolean answered) throws IOException {
	}

	/** Called before every socket read, which may block: starts the read-timeout clock. */
	default void readStarting() {
	}

	/**
	 * Called once every socket read returned or failed.
	 * @return false when the server closed the connection as idle while the read waited:
	 * then the read reports a clean end of stream and hands nothing to the handler
	 */
	default boolean readEnded() {
		return true;
	}

	/**
	 * Called when a read returned bytes of a request, or is about to wait for the rest of
	 * one: the request clock runs from the first call until {@link #requestAnswered()}.
	 */
	default void requestBegun() {
	}

	/** Called when the handler writes a reply: the request has been answered. */
	default void requestAnswered() {
	}

	/** Whether the server closed the connection as idle: every later read is the end of the stream. */
	default boolean drained() {
		return false;
	}

	/** Whether a failed read was the read-timeout sweeper closing the connection. */
	default boolean readTimedOut() {
		return false;
	}

	/**
	 * Why the server closed the connection, if it did (a stop's deadline, a timeout, an
	 * operator): an end of stream is then not the client's, and a read reports it as an
	 * error, so that a fragment is never taken for a whole request.
	 */
	default @Nullable WaiterOutcome closedByServer() {
		return null;
	}

	/**
	 * The first error writing to the client, if any: the kernel reports a reset once, to
	 * whichever call meets it first, so after a write met it an end of stream is not the
	 * client's close either, and a read reports it as that error.
	 */
	default @Nullable IOException writeFailure() {
		return null;
	}

}
