package dev.waiter.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.waiter.ConnectionInput;
import dev.waiter.ConnectionOutput;
import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterProcessEvent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

/**
 * waiter serving the echo workload, with its events and meters on: a process listener
 * that answers each line (or, with length-prefixed framing, each frame) with itself until
 * the client closes. Waiter properties come
 * from the command line ({@code --waiter.port=...}). No component scan: the other
 * benchmark servers of this package must not start with it; {@link RequestModelEcho} is
 * imported, and answers only with {@code --bench.request-model=true}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RequestModelEcho.class)
public class WaiterEchoApplication {

	public static void main(String[] args) {
		SpringApplication.run(WaiterEchoApplication.class, args);
	}

	/**
	 * With {@code --waiter.frame.type=length-prefixed}: each frame is answered with itself
	 * through the frame API (replies go out when no more frames are buffered).
	 */
	@EventListener(condition = "@environment.getProperty('waiter.frame.type') == 'length-prefixed'")
	void echoFrames(WaiterProcessEvent event) throws IOException {
		WaiterConnection connection = event.getConnection();
		for (byte[] frame; (frame = connection.readFrame()) != null;) {
			connection.writeFrame(frame);
		}
	}

	/**
	 * Each line is answered with its bytes through the byte stream, as Netty's and the bare
	 * loop's echo do (no text decoding); replies go out when no more input is buffered.
	 */
	@EventListener(condition = "@environment.getProperty('waiter.frame.type') != 'length-prefixed' "
			+ "&& @environment.getProperty('bench.plain-listener') == null "
			+ "&& @environment.getProperty('bench.request-model') == null")
	void echo(WaiterProcessEvent event) throws IOException {
		echoLines(event);
	}

	/**
	 * With {@code --bench.plain-listener=true}: the same echo as an {@code ApplicationListener}
	 * bean instead of an {@code @EventListener} method, to measure what the reflective
	 * listener call costs an idle connection's stack.
	 */
	@Bean
	@ConditionalOnProperty("bench.plain-listener")
	ApplicationListener<WaiterProcessEvent> plainEcho() {
		return (event) -> {
			try {
				echoLines(event);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	private static void echoLines(WaiterProcessEvent event) throws IOException {
		ConnectionInput in = event.getConnection().in();
		ConnectionOutput out = event.getConnection().out();
		for (byte[] line; (line = in.readUntil((byte) '\n', 8192)) != null;) {
			out.write(line);
			out.write('\n');
		}
	}

}
