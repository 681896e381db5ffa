package dev.waiter.autoconfigure;

import dev.waiter.WaiterConnection;
import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterWorkerExitedEvent;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration under Spring's AOT processing, as {@code spring-boot:process-aot}
 * runs it: it processes without error and the hints a native image needs are there.
 */
class WaiterAotTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WaiterAutoConfiguration.class))
		.withPropertyValues("waiter.port=0");

	@Test
	void aContextWithTheAutoConfigurationIsAotProcessedWithTheHintsANativeImageNeeds() {
		this.contextRunner.prepare((context) -> {
			GenericApplicationContext source = (GenericApplicationContext) context.getSourceApplicationContext();
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get("dev.waiter.aot", "WaiterAotTest")), new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(source, generation);
			generation.writeGeneratedContent();
			RuntimeHints hints = generation.getRuntimeHints();
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(WaiterProcessEvent.class)
				.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(WaiterWorkerExitedEvent.class)
				.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(WaiterConnection.class)
				.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).accepts(hints);
			// Boot's own processing binds the properties reflectively
			assertThat(RuntimeHintsPredicates.reflection().onType(WaiterProperties.class)).accepts(hints);
			assertThat(RuntimeHintsPredicates.reflection().onType(WaiterFrameProperties.class)).accepts(hints);
		});
	}

	@Test
	void namedServersAreAotProcessedAsBeanDefinitionsOfTheirOwn() {
		this.contextRunner.withPropertyValues("waiter.servers.admin.port=0").prepare((context) -> {
			GenericApplicationContext source = (GenericApplicationContext) context.getSourceApplicationContext();
			InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get("dev.waiter.aot", "WaiterNamedAotTest")), files);
			new ApplicationContextAotGenerator().processAheadOfTime(source, generation);
			generation.writeGeneratedContent();
			assertThat(files.getGeneratedFiles(org.springframework.aot.generate.GeneratedFiles.Kind.SOURCE).values())
				.anySatisfy((file) -> assertThat(new String(file.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
					.contains("waiterServer-admin")
					.contains("createNamed"));
		});
	}

	@Test
	void theRegistrarCoversEveryEvent() {
		RuntimeHints hints = new RuntimeHints();
		new WaiterRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(WaiterRuntimeHints.EVENTS).hasSize(13).allSatisfy((type) -> assertThat(
				RuntimeHintsPredicates.reflection().onType(type).withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS))
			.accepts(hints));
	}

}
