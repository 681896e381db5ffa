package dev.waiter.server.connection;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import dev.waiter.Waiter;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.SlowReader;
import dev.waiter.support.TestHandler;
import dev.waiter.support.WaiterContexts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler blocked in {@code writer().println} on a client that does not read holds no
 * monitor: on JDK 21 to 23 a virtual thread blocked inside {@code synchronized} pins its
 * carrier, and {@code PrintWriter} synchronizes on its lock. Checked with platform threads
 * (the thread MXBean reports no virtual thread's monitors), on every JDK the build runs.
 */
class WriterMonitorTests {

	@Test
	void aHandlerBlockedInPrintlnToAClientThatDoesNotReadHoldsNoMonitor() {
		WaiterContexts.runner().run((context) -> {
			AtomicReference<Thread> handler = new AtomicReference<>();
			String huge = "x".repeat(16 * 1024 * 1024);
			context.getBean(TestHandler.class).set((connection) -> {
				handler.set(Thread.currentThread());
				connection.writer().println(huge);
			});
			try (Socket client = SlowReader.connect(context.getBean(Waiter.class).getPort())) {
				ThreadInfo info = await().atMost(Duration.ofSeconds(20))
					.until(() -> threadInfo(handler.get()), WriterMonitorTests::inTheSocketWrite);
				assertThat(info.getLockedMonitors()).extracting(MonitorInfo::getClassName)
					.as("monitors held by %s in the socket write", info.getThreadName())
					.isEmpty();
			}
			context.getBean(EventRecorder.class).awaitExited(1);
		});
	}

	/** The thread's stack and the monitors it holds, in one snapshot. */
	private static @Nullable ThreadInfo threadInfo(@Nullable Thread thread) {
		return (thread != null)
				? ManagementFactory.getThreadMXBean().getThreadInfo(new long[] { thread.getId() }, true, false)[0] : null;
	}

	/** Whether the snapshot is inside the connection's socket write, where a client that does not read blocks it. */
	private static boolean inTheSocketWrite(@Nullable ThreadInfo info) {
		return info != null && Arrays.stream(info.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().equals(SocketOutput.class.getName())
					&& frame.getMethodName().equals("send"));
	}

}
