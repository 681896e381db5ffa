package dev.waiter.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import dev.waiter.LineTooLongException;
import dev.waiter.Waiter;
import dev.waiter.WaiterOutcome;
import dev.waiter.event.WaiterWorkerExitedEvent;
import dev.waiter.support.Clients;
import dev.waiter.support.EventRecorder;
import dev.waiter.support.TestHandler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GarbageInputTests {

	@Test
	void aTenMegabyteLineIsRefusedByReadLineWithoutBeingBuffered() {
		Reliability.contextRunner().run((context) -> {
			AtomicLong receivedAtRefusal = new AtomicLong(-1);
			context.getBean(TestHandler.class).set((connection) -> {
				try {
					connection.readLine(8192);
				}
				finally {
					receivedAtRefusal.set(connection.bytesReceived());
				}
			});
			int port = context.getBean(Waiter.class).getPort();
			try (Socket socket = Clients.connect(port)) {
				byte[] chunk = new byte[64 * 1024];
				Arrays.fill(chunk, (byte) 'x');
				OutputStream out = socket.getOutputStream();
				for (int written = 0; written < 10 * 1024 * 1024; written += chunk.length) {
					out.write(chunk);
				}
			}
			catch (IOException ex) {
				// the server closed the connection while the client was still sending: expected
			}
			WaiterWorkerExitedEvent exited = context.getBean(EventRecorder.class).awaitExited(1).get(0);
			assertThat(exited.getOutcome()).isEqualTo(WaiterOutcome.ERROR);
			assertThat(exited.getError()).isInstanceOf(LineTooLongException.class);
			assertThat(receivedAtRefusal.get()).isBetween(8193L, 64L * 1024);
			context.getBean(TestHandler.class).set(TestHandler::echoOneLine);
			assertThat(Clients.exchange(port, "next")).isEqualTo("echo:next\n");
		});
	}

	@Test
	void binaryZerosAreJustCharacters() {
		Reliability.contextRunner().run((context) -> {
			int port = context.getBean(Waiter.class).getPort();
			assertThat(Clients.exchange(port, "\0\0\0")).isEqualTo("echo:\0\0\0\n");
		});
	}

	@Test
	void aClientThatHalfClosesAfterItsRequestStillReadsTheReply() {
		Reliability.contextRunner().run((context) -> {
			int port = context.getBean(Waiter.class).getPort();
			try (Socket socket = Clients.connect(port)) {
				socket.getOutputStream().write("half\n".getBytes(StandardCharsets.US_ASCII));
				socket.shutdownOutput();
				assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
					.isEqualTo("echo:half\n");
			}
			assertThat(context.getBean(EventRecorder.class).awaitExited(1).get(0).getOutcome())
				.isEqualTo(WaiterOutcome.COMPLETED);
		});
	}

	@Test
	void invalidUtf8IsReplacedNotFatal() {
		Reliability.contextRunner().run((context) -> {
			int port = context.getBean(Waiter.class).getPort();
			try (Socket socket = Clients.connect(port)) {
				socket.getOutputStream().write(new byte[] { (byte) 0xff, (byte) 0xfe, 'a', '\n' });
				assertThat(Clients.reader(socket).readLine()).isEqualTo("echo:\ufffd\ufffda");
			}
		});
	}

}
