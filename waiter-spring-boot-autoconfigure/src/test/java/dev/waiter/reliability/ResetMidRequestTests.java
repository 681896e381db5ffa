package dev.waiter.reliability;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.waiter.WaiterOutcome;
import dev.waiter.server.WaiterServer;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that resets its connection in the middle of a request: the reset reaches the
 * server before the handler's next write, which meets it and fails (a {@code PrintWriter}
 * swallows that); the kernel reports a reset once, so the read after it sees an end of
 * stream, which is not the client's and must not turn the half request into a whole one
 * (found by the fault suite: a reader handler executed {@code s000000-r1-}).
 */
class ResetMidRequestTests {

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void aHalfRequestBeforeAResetIsNeverExecutedEvenWhenAWriteMetTheResetFirst(boolean viaReader) {
		Reliability.contextRunner().run((context) -> {
			WaiterServer server = context.getBean(WaiterServer.class);
			List<String> executed = new CopyOnWriteArrayList<>();
			CountDownLatch first = new CountDownLatch(1);
			CountDownLatch reset = new CountDownLatch(1);
			context.getBean(TestHandler.class).set((connection) -> {
				String line;
				while ((line = viaReader ? connection.reader().readLine() : connection.readLine(100)) != null) {
					executed.add(line);
					first.countDown();
					reset.await(10, TimeUnit.SECONDS);
					connection.writer().println("done " + line);
				}
			});
			try (Socket client = Clients.connect(server.getPort())) {
				OutputStream out = client.getOutputStream();
				out.write("one\nhal".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
				client.setSoLinger(true, 0);
			}
			reset.countDown();
			assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
				.isEqualTo(WaiterOutcome.ERROR);
			assertThat(executed).containsExactly("one");
		});
	}

}
