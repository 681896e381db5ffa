package dev.waiter.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the sample: {@code java -jar sample-app/target/sample-app-*.jar}, then
 * {@code curl --http0.9 http://127.0.0.1:9123/}.
 */
@SpringBootApplication
public class SampleWaiterApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleWaiterApplication.class, args);
	}

}
