package dev.waiter.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.ip.dsl.Tcp;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * What Spring users pick today for a TCP server: Spring Integration IP, a single-use
 * {@link TcpNetServerConnectionFactory} (a connection per request, closed after the
 * reply, as the demo does) behind an inbound gateway. Arguments: port.
 */
public final class IntegrationIpServer {

	private IntegrationIpServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		System.setProperty("benchmark.port", args[0]);
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Flows.class);
		System.out.println("spring integration ip listening on " + args[0]);
		Thread.currentThread().join();
		context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Flows {

		@Bean
		TcpNetServerConnectionFactory serverFactory() {
			TcpNetServerConnectionFactory factory = new TcpNetServerConnectionFactory(
					Integer.getInteger("benchmark.port"));
			factory.setLocalAddress("127.0.0.1");
			factory.setSingleUse(true);
			factory.setSoTcpNoDelay(true);
			factory.setBacklog(1024);
			factory.setDeserializer(new RequestHeadDeserializer());
			factory.setSerializer(new RawSerializer());
			return factory;
		}

		@Bean
		IntegrationFlow demo(TcpNetServerConnectionFactory serverFactory) {
			return IntegrationFlow.from(Tcp.inboundGateway(serverFactory))
				.handle((payload, headers) -> Workload.DEMO_REPLY)
				.get();
		}

	}

	/** Reads a request head up to its blank line: the whole request, so closing never resets. */
	static final class RequestHeadDeserializer implements Deserializer<byte[]> {

		@Override
		public byte[] deserialize(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream(256);
			int state = 0;
			int b;
			while ((b = in.read()) >= 0) {
				head.write(b);
				if (b == '\n') {
					if (state == 1) {
						return head.toByteArray();
					}
					state = 1;
				}
				else if (b != '\r') {
					state = 0;
				}
				if (head.size() > 16 * 1024) {
					throw new IOException("request head too long");
				}
			}
			if (head.size() == 0) {
				throw new org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException("closed");
			}
			return head.toByteArray();
		}

	}

	/** Writes the reply bytes as they are. */
	static final class RawSerializer implements Serializer<byte[]> {

		@Override
		public void serialize(byte[] reply, OutputStream out) throws IOException {
			out.write(reply);
			out.flush();
		}

	}

}
