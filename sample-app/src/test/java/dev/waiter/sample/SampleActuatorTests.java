package dev.waiter.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.waiter.LocalWaiterPort;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "waiter.port=0", "waiter.address=127.0.0.1", "server.address=127.0.0.1" })
class SampleActuatorTests {

	private static final Pattern COUNT = Pattern.compile("\"statistic\"\\s*:\\s*\"COUNT\"\\s*,\\s*\"value\"\\s*:\\s*([0-9.]+)");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@LocalWaiterPort
	int waiterPort;

	@LocalServerPort
	int httpPort;

	@Test
	void acceptedConnectionsInTheMetricsEndpointCountTheClientsThisTestMade() throws Exception {
		double before = accepted();
		for (int i = 0; i < 25; i++) {
			assertThat(demo()).endsWith("hello world\n");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> accepted() == before + 25);
	}

	@Test
	void waiterHealthIsUp() throws Exception {
		HttpResponse<String> health = get("/actuator/health/waiter");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"port\":" + this.waiterPort);
	}

	@Test
	void theWaiterEndpointShowsTheServersState() throws Exception {
		HttpResponse<String> state = get("/actuator/waiter");
		assertThat(state.statusCode()).isEqualTo(200);
		assertThat(state.body()).contains("\"state\":\"LISTENING\"").contains("\"port\":" + this.waiterPort)
			.contains("\"mode\":\"FORK\"");
		HttpResponse<String> signal = this.http.send(
				HttpRequest.newBuilder(uri("/actuator/waiter/usr1")).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(signal.statusCode()).isEqualTo(200);
		assertThat(signal.body()).contains("\"action\":\"usr1\"");
		HttpResponse<String> unknown = this.http.send(
				HttpRequest.newBuilder(uri("/actuator/waiter/kill")).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(unknown.statusCode()).isEqualTo(400);
	}

	private double accepted() throws Exception {
		HttpResponse<String> response = get("/actuator/metrics/waiter.connections.accepted");
		assertThat(response.statusCode()).isEqualTo(200);
		Matcher matcher = COUNT.matcher(response.body());
		assertThat(matcher.find()).as(response.body()).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.httpPort + path);
	}

	private String demo() throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.waiterPort)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
		}
	}

}
