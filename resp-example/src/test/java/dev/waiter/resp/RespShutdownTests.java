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
