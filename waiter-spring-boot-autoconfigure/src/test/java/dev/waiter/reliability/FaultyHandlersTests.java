package dev.waiter.reliability;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.Waiter;
import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterClosingEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FaultyHandlersTests {

	@Test
	void aHandlerThatThrowsEndsOnlyItsConnection() {
		Reliability.contextRunner().run((context) -> {
			TestHandler handler = context.getBean(TestHandler.class);
			int port = context.getBean(Waiter.class).getPort();
			handler.set((connection) -> {
				throw new OutOfMemoryError("pretend");
			});
			Clients.exchange(port, "x");
			WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.ERROR);
			assertThat(exited.getError()).isInstanceOf(OutOfMemoryError.class);
			handler.set(TestHandler::echoOneLine);
			assertThat(Clients.exchange(port, "next")).isEqualTo("echo:next\n");
		});
	}

	@Test
	void aHandlerBlockedOnASilentClientIsEndedByTheReadTimeoutWithItsClosingAndExitEvents() {
		Reliability.contextRunner().withPropertyValues("waiter.read-timeout=300ms").run((context) -> {
			EventRecorder recorder = context.getBean(EventRecorder.class);
			int port = context.getBean(Waiter.class).getPort();
			try (Socket silent = Clients.connect(port)) {
				WaiterWorkerExitedEvent exited = recorder.awaitExited(1).get(0);
				assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.TIMEOUT);
				assertThat(exited.getError()).isInstanceOf(SocketTimeoutException.class);
				assertThat(recorder.all(WaiterClosingEvent.class)).hasSize(1);
				assertThat(silent.getInputStream().read()).isEqualTo(-1);
			}
			assertThat(Clients.exchange(port, "next")).isEqualTo("echo:next\n");
		});
	}

	@ParameterizedTest(name = "through {0}")
	@ValueSource(strings = { "output()", "writer()" })
	void aHandlerWritingToAClientThatWentAwayEndsOnlyItsConnection(String stream) {
		Reliability.contextRunner().run((context) -> {
			TestHandler handler = context.getBean(TestHandler.class);
			int port = context.getBean(Waiter.class).getPort();
			CountDownLatch clientGone = new CountDownLatch(1);
			handler.set((connection) -> {
				clientGone.await(10, TimeUnit.SECONDS);
				byte[] chunk = new byte[64 * 1024];
				String line = "x".repeat(1000);
				for (int i = 0; i < 1000; i++) {
					if (stream.equals("writer()")) {
						for (int j = 0; j < 64; j++) {
							connection.writer().println(line);
						}
					}
					else {
						connection.output().write(chunk);
					}
				}
			});
			Socket client = Clients.connect(port);
			client.setSoLinger(true, 0);
			client.close();
			clientGone.countDown();
			WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.ERROR);
			assertThat(exited.getError()).isInstanceOf(IOException.class);
			handler.set(TestHandler::echoOneLine);
			assertThat(Clients.exchange(port, "next")).isEqualTo("echo:next\n");
		});
	}

}
