package dev.waiter.resp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.waiter.Waiter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class RespShutdownTests {

	/**
	 * A client pipelines a whole {@code SET} and the first half of a second one when the
	 * application is closed: the second is not executed cut ({@code SET b 23} of
	 * {@code SET b 2345}); it is executed whole, and answered, once its rest arrives. An idle
	 * client connected after it is closed by the same pass of the stop.
	 */
	@Test
	void aCommandHalfArrivedWhenTheApplicationClosesIsExecutedWholeOnceItsRestArrives() throws Exception {
		ConfigurableApplicationContext context = SpringApplication.run(RespExampleApplication.class, "--waiter.port=0",
				"--waiter.address=127.0.0.1", "--spring.lifecycle.timeout-per-shutdown-phase=30s");
		Thread closing = new Thread(context::close, "closing");
		try (Socket client = connect(context.getBean(Waiter.class).getPort());
				Socket idle = connect(context.getBean(Waiter.class).getPort())) {
			client.getOutputStream().write("SET a 1\r\nSET b 23".getBytes(StandardCharsets.US_ASCII));
			assertThat(client.getInputStream().readNBytes(5)).isEqualTo("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
			idle.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(idle.getInputStream().readNBytes(7)).isEqualTo("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
			closing.start();
			assertThat(idle.getInputStream().read()).as("the idle client is closed").isEqualTo(-1);
			client.getOutputStream().write("45\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(client.getInputStream().readNBytes(5)).isEqualTo("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(client.getInputStream().read()).isEqualTo(-1);
			closing.join(10_000);
			assertThat(closing.isAlive()).as("the application closed").isFalse();
		}
		finally {
			context.close();
		}
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		socket.setSoTimeout(10_000);
		return socket;
	}

	@Test
	void aGracefulStopWithIdleClientsConnectedClosesThemAtOnceInsteadOfWaitingOutThePhaseTimeout() throws IOException {
		ConfigurableApplicationContext context = SpringApplication.run(RespExampleApplication.class, "--waiter.port=0",
				"--waiter.address=127.0.0.1", "--spring.lifecycle.timeout-per-shutdown-phase=30s");
		List<Socket> idle = new ArrayList<>();
		try {
			int port = context.getBean(Waiter.class).getPort();
			for (int i = 0; i < 20; i++) {
				Socket socket = new Socket();
				socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
				socket.setSoTimeout(10_000);
				socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(socket.getInputStream().readNBytes(7)).isEqualTo("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
				idle.add(socket);
			}
			long started = System.nanoTime();
			context.close();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
			for (Socket socket : idle) {
				assertThat(socket.getInputStream().read()).isEqualTo(-1);
			}
		}
		finally {
			context.close();
			for (Socket socket : idle) {
				socket.close();
			}
		}
	}

}
