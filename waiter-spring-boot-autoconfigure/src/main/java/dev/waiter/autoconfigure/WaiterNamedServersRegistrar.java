package dev.waiter.autoconfigure;

import java.util.Map;
import java.util.Set;

import dev.waiter.server.WaiterServer;

import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link WaiterServer} bean per {@code waiter.servers.<name>}, named
 * {@code waiterServer-<name>}, made by {@link WaiterServerFactory#createNamed}. Each is
 * qualified by its name ({@code @Qualifier("admin") Waiter admin}) and is not a default
 * candidate, so code that injects a {@code Waiter} by type still gets the default server.
 * Runs while the configuration is read, on the thread that refreshes the context (at build
 * time under AOT, as Spring Boot's conditions do).
 */
final class WaiterNamedServersRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	static final String BEAN_NAME_PREFIX = "waiterServer-";

	private Environment environment = new StandardEnvironment();

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Set<String> names = Binder.get(this.environment)
			.bind("waiter.servers", Bindable.mapOf(String.class, WaiterServerProperties.class))
			.map(Map::keySet)
			.orElse(Set.of());
		for (String name : names) {
			RootBeanDefinition definition = new RootBeanDefinition(WaiterServer.class);
			definition.setFactoryBeanName("waiterServerFactory");
			definition.setFactoryMethodName("createNamed");
			definition.getConstructorArgumentValues().addGenericArgumentValue(name);
			definition.setDefaultCandidate(false);
			definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
			registry.registerBeanDefinition(BEAN_NAME_PREFIX + name, definition);
		}
	}

}
