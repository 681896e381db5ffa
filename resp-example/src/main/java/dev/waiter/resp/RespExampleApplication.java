package dev.waiter.resp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the RESP example: {@code java -jar resp-example/target/resp-example-*.jar
 * --waiter.port=6380}, then {@code redis-cli -p 6380 ping}.
 */
@SpringBootApplication
public class RespExampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(RespExampleApplication.class, args);
	}

}
