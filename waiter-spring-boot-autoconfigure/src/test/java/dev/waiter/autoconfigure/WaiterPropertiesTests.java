package dev.waiter.autoconfigure;

import dev.waiter.server.WaiterServerSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaiterPropertiesTests {

	@Test
	void propertyDefaultsEqualTheServerDefaults() {
		WaiterProperties properties = new WaiterProperties();
		WaiterServerSettings settings = new WaiterServerSettings();
		assertThat(properties.getName()).isEqualTo(settings.getName());
		assertThat(properties.getPort()).isEqualTo(settings.getPort()).isEqualTo(9123);
		assertThat(properties.getAddress()).isEqualTo(settings.getAddress()).isNull();
		assertThat(properties.getBacklog()).isEqualTo(settings.getBacklog());
		assertThat(properties.getMode()).isEqualTo(settings.getMode());
		assertThat(properties.getMaxConnections()).isEqualTo(settings.getMaxConnections());
		assertThat(properties.getAcceptTimeout()).isEqualTo(settings.getAcceptTimeout());
		assertThat(properties.getReadTimeout()).isEqualTo(settings.getReadTimeout());
		assertThat(properties.getWriteTimeout()).isEqualTo(settings.getWriteTimeout()).isNull();
		assertThat(properties.getCharset()).isEqualTo(settings.getCharset());
		assertThat(properties.getShutdown()).isEqualTo(settings.getShutdown());
		assertThat(properties.isTcpNoDelay()).isEqualTo(settings.isTcpNoDelay());
		assertThat(properties.isKeepAlive()).isEqualTo(settings.isKeepAlive());
		assertThat(properties.isProcessOnInput()).isEqualTo(settings.isProcessOnInput());
		assertThat(properties.isReuseAddress()).isEqualTo(settings.isReuseAddress());
		assertThat(properties.getPrefork().getMin()).isEqualTo(settings.getPreforkMin());
		assertThat(properties.getPrefork().getMax()).isEqualTo(settings.getPreforkMax());
		assertThat(properties.getPrefork().getIdleTimeout()).isEqualTo(settings.getPreforkIdleTimeout());
		assertThat(properties.getSignals().isPropagate()).isEqualTo(settings.isSignalsPropagate());
	}

	@Test
	void theDefaultsPassValidation() {
		WaiterSettingsFactory.validate(new WaiterProperties());
	}

}
