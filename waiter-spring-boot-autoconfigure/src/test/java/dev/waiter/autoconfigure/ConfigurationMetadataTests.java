package dev.waiter.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationMetadataTests {

	@Test
	void theAnnotationProcessorWroteMetadataWithADescriptionForEveryWaiterProperty() throws IOException {
		String metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("spring-configuration-metadata.json on the class path").isNotNull();
			metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(metadata).contains("\"name\": \"waiter.port\"", "\"name\": \"waiter.ssl.client-auth\"",
				"\"name\": \"waiter.prefork.idle-timeout\"", "\"name\": \"waiter.deny\"")
			.contains("TCP port to listen on (Net::Waiter's PORT); 0 picks a free port.");
	}

	@Test
	void enumeratedPropertiesOfferTheirValuesToIdes() throws IOException {
		String metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(hintValues(metadata, "waiter.mode")).containsExactly("fork", "prefork", "nofork");
		assertThat(hintValues(metadata, "waiter.shutdown")).containsExactly("graceful", "immediate");
		assertThat(hintValues(metadata, "waiter.ssl.client-auth")).containsExactly("none", "want", "need");
		assertThat(metadata).contains("\"name\": \"waiter.observation.enabled\"");
	}

	private static java.util.List<String> hintValues(String metadata, String name) {
		return com.jayway.jsonpath.JsonPath.read(metadata, "$.hints[?(@.name == '" + name + "')].values[*].value");
	}

}
