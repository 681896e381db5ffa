package dev.waiter.reliability;

import java.net.Socket;

import dev.waiter.Waiter;
import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.SlowReader;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code waiter.write-timeout} is the longest time without progress, not the longest
 * write: one large write to a client that reads slowly but steadily goes through whole,
 * and the same write to a client that stopped reading is still cut off.
 */
class WriteTimeoutTests {

	private static final int REPLY = 8 * 1024 * 1024;

	@Test
	void anEightMebibyteWriteThroughTheBufferedOutputReachesAClientThatReadsSlowlyButSteadily() {
		Reliability.contextRunner().withPropertyValues("waiter.write-timeout=1s").run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			context.getBean(TestHandler.class).set((connection) -> connection.out().write(new byte[REPLY]));
			try (Socket client = SlowReader.connect(waiter.getPort())) {
				assertThat(SlowReader.read(client, REPLY + 1L)).isEqualTo(REPLY);
			}
			WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.COMPLETED);
			assertThat(exited.getBytesSent()).isEqualTo(REPLY);
		});
	}

	@Test
	void oneLargeWriteToAClientThatStopsReadingIsCutOffWithOutcomeTimeout() {
		Reliability.contextRunner().withPropertyValues("waiter.write-timeout=300ms").run((context) -> {
			Waiter waiter = context.getBean(Waiter.class);
			context.getBean(TestHandler.class).set((connection) -> connection.out().write(new byte[REPLY]));
			try (Socket client = SlowReader.connect(waiter.getPort())) {
				WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
				assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.TIMEOUT);
				assertThat(exited.getBytesSent()).isLessThan(REPLY);
				assertThat(waiter.getActiveConnections()).isZero();
			}
		});
	}

}
