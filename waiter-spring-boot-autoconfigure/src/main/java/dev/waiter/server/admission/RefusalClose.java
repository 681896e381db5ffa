package dev.waiter.server.admission;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.waiter.server.connection.OrderlyClose;
import dev.waiter.server.connection.SocketConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a refused client ({@link ClientAdmission#reject}) so that the reply a rejected-event
 * listener wrote reaches it, without the acceptor waiting on the client. A close with
 * unread input (a client that sent its request at once) makes the kernel reset the
 * connection, which destroys the reply still in flight and fails the client's next write.
 * So, when something was written: flush and shut down output on the refusing thread (a
 * refused socket is always plain, before any TLS handshake, and a plain shutdown never
 * waits on the client), then read and discard what the client still sends until it closes,
 * within {@link OrderlyClose}'s bounds, and close. With nothing written it is closed at
 * once: there is no reply to lose.
 * <p>
 * The reading runs inline on a connection's own thread (a client refused after its PROXY
 * header), otherwise on a small pool shared by every server: {@value #THREADS} daemon
 * threads and {@value #QUEUE} waiting clients. Not on the timer thread, whose deadlines
 * and sweeps one silent client would delay by the linger time, and not on a thread per
 * refusal, which a flood of refused clients would multiply. A flood of refused clients
 * that never close holds at most these sockets, each for the linger time; beyond them a
 * refused client is closed at once, as without lingering.
 */
final class RefusalClose {

	private static final Logger logger = LoggerFactory.getLogger(RefusalClose.class);

	static final int THREADS = 4;

	static final int QUEUE = 64;

	private static final ThreadPoolExecutor LINGER = create();

	private RefusalClose() {
	}

	private static ThreadPoolExecutor create() {
		AtomicLong ids = new AtomicLong();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 1, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(QUEUE), (task) -> {
					Thread thread = new Thread(task, "waiter-linger-" + ids.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/** Called by the refusing thread once the rejected event's listeners are done. */
	static void close(SocketConnection connection) {
		connection.flushQuietly();
		Socket plain = connection.plainSocket();
		if (!connection.isOpen() || connection.bytesSent() == 0) {
			connection.abort();
			return;
		}
		try {
			plain.shutdownOutput();
		}
		catch (IOException ex) {
			connection.abort();
			return;
		}
		if (Thread.currentThread() == connection.owner()) {
			lingerAndClose(plain);
			return;
		}
		try {
			LINGER.execute(() -> lingerAndClose(plain));
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Closed refused {} without lingering: {} refused clients are lingering already", connection,
					THREADS + QUEUE);
			connection.abort();
		}
	}

	private static void lingerAndClose(Socket plain) {
		try {
			OrderlyClose.drain(plain);
		}
		catch (IOException | RuntimeException ex) {
			// The client went away or reset: nothing is left to deliver.
		}
		finally {
			OrderlyClose.closeQuietly(plain);
		}
	}

}
