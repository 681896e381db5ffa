package dev.waiter.sample;

import dev.waiter.LocalWaiterPort;
import dev.waiter.test.WaiterTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = { "waiter.port=0", "waiter.address=127.0.0.1" })
@ExtendWith(OutputCaptureExtension.class)
class SampleWaiterApplicationTests {

	@LocalWaiterPort
	int port;

	@Test
	void aClientReadsTheDemoReplyAndTheAcceptIsLogged(CapturedOutput output) {
		try (WaiterTestClient client = WaiterTestClient.connect(this.port)) {
			String reply = client.send("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n").readAll();
			assertThat(reply).isEqualTo("HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 12\r\n\r\nhello world\n");
		}
		await().untilAsserted(() -> assertThat(output).contains("client connected from 127.0.0.1"));
	}

	@Test
	void aClientThatClosesWithoutARequestDoesNotStopTheNextOne() {
		WaiterTestClient.connect(this.port).close();
		try (WaiterTestClient client = WaiterTestClient.connect(this.port)) {
			client.send("GET / HTTP/1.0\r\n\r\n").expectLine("HTTP/1.0 200 OK");
			assertThat(client.readAll()).endsWith("\r\n\r\nhello world\n");
		}
	}

}
