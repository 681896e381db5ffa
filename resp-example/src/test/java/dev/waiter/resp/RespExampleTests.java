package dev.waiter.resp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.waiter.LocalWaiterPort;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest(properties = { "waiter.port=0", "waiter.address=127.0.0.1", "resp.max-bulk-length=1MB" })
class RespExampleTests {

	@LocalWaiterPort
	int port;

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	@BeforeEach
	void connect() {
		this.client = RedisClient.create(RedisURI.create("127.0.0.1", this.port));
		this.connection = this.client.connect(StringCodec.UTF8);
	}

	@AfterEach
	void disconnect() {
		this.connection.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
	}

	@Test
	void lettuceRunsEveryCommandTheExampleKnows() {
		RedisCommands<String, String> redis = this.connection.sync();
		assertThat(redis.ping()).isEqualTo("PONG");
		assertThat(redis.echo("hello")).isEqualTo("hello");
		assertThat(redis.set("k", "v")).isEqualTo("OK");
		assertThat(redis.get("k")).isEqualTo("v");
		assertThat(redis.get("missing")).isNull();
		assertThat(redis.incr("counter")).isEqualTo(1);
		assertThat(redis.incr("counter")).isEqualTo(2);
		redis.set("negative", "-10");
		assertThat(redis.incr("negative")).isEqualTo(-9);
		redis.set("large", Long.toString(Long.MAX_VALUE - 1));
		assertThat(redis.incr("large")).isEqualTo(Long.MAX_VALUE);
		assertThat(redis.del("k", "counter", "missing")).isEqualTo(2);
		assertThat(redis.get("k")).isNull();
	}

	@Test
	void valuesAreBinarySafe() {
		byte[] value = new byte[256];
		for (int i = 0; i < value.length; i++) {
			value[i] = (byte) i;
		}
		try (StatefulRedisConnection<byte[], byte[]> binary = this.client.connect(ByteArrayCodec.INSTANCE)) {
			byte[] key = { '\r', '\n', 0, '$' };
			binary.sync().set(key, value);
			assertThat(binary.sync().get(key)).isEqualTo(value);
		}
	}

	@Test
	void errorsComeBackAsRedisErrorsAndTheConnectionGoesOn() {
		RedisCommands<String, String> redis = this.connection.sync();
		redis.set("text", "abc");
		assertThatExceptionOfType(RedisCommandExecutionException.class).isThrownBy(() -> redis.incr("text"))
			.withMessageContaining("not an integer");
		assertThatExceptionOfType(RedisCommandExecutionException.class).isThrownBy(() -> redis.hget("h", "f"))
			.withMessageContaining("unknown command 'hget'");
		assertThat(redis.ping()).isEqualTo("PONG");
	}

	@Test
	void tenThousandPipelinedCommandsAreAllAnswered() throws Exception {
		RedisAsyncCommands<String, String> redis = this.connection.async();
		this.connection.setAutoFlushCommands(false);
		List<RedisFuture<Long>> replies = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			replies.add(redis.incr("pipelined"));
		}
		this.connection.flushCommands();
		for (int i = 0; i < replies.size(); i++) {
			assertThat(replies.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i + 1);
		}
		this.connection.setAutoFlushCommands(true);
	}

	@Test
	void redisCliTalksToIt() throws Exception {
		Path cli = Path.of("/usr/bin/redis-cli");
		Assumptions.assumeTrue(Files.isExecutable(cli),
				"redis-cli is not installed here (.ci/run installs Debian's redis-tools)");
		assertThat(redisCli("SET", "cli", "from redis-cli")).isEqualTo("OK");
		assertThat(redisCli("GET", "cli")).isEqualTo("from redis-cli");
		assertThat(redisCli("INCR", "cli-counter")).isEqualTo("1");
		assertThat(redisCli("PING")).isEqualTo("PONG");
	}

	private String redisCli(String... command) throws Exception {
		List<String> line = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(this.port)));
		line.addAll(List.of(command));
		Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return output;
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "a bad multibulk length|*abc\\r\\n|-ERR Protocol error: invalid multibulk length",
			"a negative bulk length|*1\\r\\n$-5\\r\\n|-ERR Protocol error: invalid bulk length",
			"a huge bulk length|*1\\r\\n$67108864\\r\\n|-ERR Protocol error: invalid bulk length",
			"a bulk string without its CRLF|*1\\r\\n$4\\r\\nPINGxx|-ERR Protocol error: bulk string not followed by CRLF",
			"a missing bulk header|*2\\r\\n$4\\r\\nECHO\\r\\n:5\\r\\n|-ERR Protocol error: expected '$', got ':5'",
			"binary junk|*\\u0000\\u00ff\\r\\n|-ERR Protocol error: invalid multibulk length" })
	void malformedInputGetsAClearErrorThenTheConnectionClosesWhileOtherClientsGoOn(String name, String request,
			String reply) throws IOException {
		String sent = request.replace("\\r", "\r").replace("\\n", "\n");
		try (Socket raw = connectRaw()) {
			raw.getOutputStream().write(sent.getBytes(StandardCharsets.ISO_8859_1));
			raw.getOutputStream().flush();
			String answer = new String(raw.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(answer).isEqualTo(reply + "\r\n");
		}
		assertThat(this.connection.sync().ping()).isEqualTo("PONG");
	}

	@Test
	void aTruncatedBulkStringEndsOnlyItsConnection() throws IOException {
		try (Socket raw = connectRaw()) {
			OutputStream out = raw.getOutputStream();
			out.write("*2\r\n$3\r\nSET\r\n$10\r\nabc".getBytes(StandardCharsets.US_ASCII));
			raw.shutdownOutput();
			InputStream in = raw.getInputStream();
			assertThat(in.readAllBytes()).isEmpty();
		}
		assertThat(this.connection.sync().ping()).isEqualTo("PONG");
	}

	@Test
	void inlineCommandsWorkAsWithRedisCli() throws IOException {
		try (Socket raw = connectRaw()) {
			raw.getOutputStream().write("PING\r\nECHO inline\r\n".getBytes(StandardCharsets.US_ASCII));
			raw.shutdownOutput();
			assertThat(new String(raw.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
				.isEqualTo("+PONG\r\n$6\r\ninline\r\n");
		}
	}

	private Socket connectRaw() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
		socket.setSoTimeout(10_000);
		return socket;
	}

}
