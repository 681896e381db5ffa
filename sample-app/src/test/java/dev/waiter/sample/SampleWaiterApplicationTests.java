package dev.waiter.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.waiter.LocalWaiterPort;
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
	void aClientReadsTheDemoReplyAndTheAcceptIsLogged(CapturedOutput output) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(reply).isEqualTo("HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 12\r\n\r\nhello world\n");
		}
		await().untilAsserted(() -> assertThat(output).contains("client connected from 127.0.0.1"));
	}

	@Test
	void aClientThatClosesWithoutARequestDoesNotStopTheNextOne() throws IOException {
		new Socket(InetAddress.getLoopbackAddress(), this.port).close();
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(reply).endsWith("\r\n\r\nhello world\n");
		}
	}

}
