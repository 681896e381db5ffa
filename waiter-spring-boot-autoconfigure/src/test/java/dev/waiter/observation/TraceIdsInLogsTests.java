package dev.waiter.observation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.waiter.Waiter;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.support.Clients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole application with Spring Boot's logging, observation and tracing (Brave) on the
 * class path: every log line a handler writes carries the connection's trace and span ids,
 * through Boot's default correlation pattern, with no code in the handler.
 */
@ExtendWith(OutputCaptureExtension.class)
class TraceIdsInLogsTests {

	@Test
	void aHandlersLogLineCarriesTheConnectionsTraceAndSpanIds(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = SpringApplication.run(TracedApplication.class,
				"--waiter.port=0", "--waiter.address=127.0.0.1", "--spring.application.name=traced",
				"--management.tracing.sampling.probability=1.0", "--spring.main.banner-mode=off")) {
			assertThat(Clients.exchange(context.getBean(Waiter.class).getPort(), "x")).isEqualTo("done\n");
		}
		Matcher line = Pattern.compile(".*handling a request on waiter.*").matcher(output.toString());
		assertThat(line.find()).as(output.toString()).isTrue();
		System.out.println("EXAMPLE LOG LINE: " + line.group());
		assertThat(line.group()).containsPattern("\\[[0-9a-f]{16,32}-[0-9a-f]{16}\\]");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TracedApplication {

		private static final Logger logger = LoggerFactory.getLogger(TracedApplication.class);

		@EventListener
		void process(WaiterProcessEvent event) throws Exception {
			event.getConnection().readLine(100);
			logger.info("handling a request on waiter");
			event.getConnection().writer().println("done");
		}

	}

}
