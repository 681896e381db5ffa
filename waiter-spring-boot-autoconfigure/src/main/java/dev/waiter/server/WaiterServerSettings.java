package dev.waiter.server;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.waiter.WaiterMode;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link WaiterServer} is configured with. The field initializers are the
 * defaults that {@code WaiterProperties} mirrors. Read by the server at each
 * {@code start()}, so changes apply to the next run; not meant to be shared between
 * threads while they are changed.
 */
public class WaiterServerSettings {

	private String name = "default";

	private @Nullable InetAddress address;

	private int port = 9123;

	private int backlog = 128;

	private WaiterMode mode = WaiterMode.FORK;

	private int maxConnections = 1024;

	private Duration acceptTimeout = Duration.ofSeconds(4);

	private @Nullable Duration readTimeout;

	private int preforkMin = 4;

	private int preforkMax = 1024;

	private Duration preforkIdleTimeout = Duration.ofSeconds(31);

	private boolean virtualThreads;

	private Charset charset = StandardCharsets.UTF_8;

	private WaiterShutdown shutdown = WaiterShutdown.GRACEFUL;

	private Duration shutdownTimeout = Duration.ofSeconds(30);

	private boolean signalsPropagate;

	private boolean tcpNoDelay = true;

	private boolean keepAlive;

	private boolean reuseAddress = true;

	private @Nullable WaiterTls tls;

	private List<CidrBlock> allow = List.of();

	private List<CidrBlock> deny = List.of();

	public String getName() {
		return this.name;
	}

	public WaiterServerSettings setName(String name) {
		this.name = name;
		return this;
	}

	public @Nullable InetAddress getAddress() {
		return this.address;
	}

	public WaiterServerSettings setAddress(@Nullable InetAddress address) {
		this.address = address;
		return this;
	}

	public int getPort() {
		return this.port;
	}

	public WaiterServerSettings setPort(int port) {
		this.port = port;
		return this;
	}

	public int getBacklog() {
		return this.backlog;
	}

	public WaiterServerSettings setBacklog(int backlog) {
		this.backlog = backlog;
		return this;
	}

	public WaiterMode getMode() {
		return this.mode;
	}

	public WaiterServerSettings setMode(WaiterMode mode) {
		this.mode = mode;
		return this;
	}

	public int getMaxConnections() {
		return this.maxConnections;
	}

	public WaiterServerSettings setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
		return this;
	}

	public Duration getAcceptTimeout() {
		return this.acceptTimeout;
	}

	public WaiterServerSettings setAcceptTimeout(Duration acceptTimeout) {
		this.acceptTimeout = acceptTimeout;
		return this;
	}

	public @Nullable Duration getReadTimeout() {
		return this.readTimeout;
	}

	public WaiterServerSettings setReadTimeout(@Nullable Duration readTimeout) {
		this.readTimeout = readTimeout;
		return this;
	}

	public int getPreforkMin() {
		return this.preforkMin;
	}

	public WaiterServerSettings setPreforkMin(int preforkMin) {
		this.preforkMin = preforkMin;
		return this;
	}

	public int getPreforkMax() {
		return this.preforkMax;
	}

	public WaiterServerSettings setPreforkMax(int preforkMax) {
		this.preforkMax = preforkMax;
		return this;
	}

	public Duration getPreforkIdleTimeout() {
		return this.preforkIdleTimeout;
	}

	public WaiterServerSettings setPreforkIdleTimeout(Duration preforkIdleTimeout) {
		this.preforkIdleTimeout = preforkIdleTimeout;
		return this;
	}

	public boolean isVirtualThreads() {
		return this.virtualThreads;
	}

	public WaiterServerSettings setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
		return this;
	}

	public Charset getCharset() {
		return this.charset;
	}

	public WaiterServerSettings setCharset(Charset charset) {
		this.charset = charset;
		return this;
	}

	public WaiterShutdown getShutdown() {
		return this.shutdown;
	}

	public WaiterServerSettings setShutdown(WaiterShutdown shutdown) {
		this.shutdown = shutdown;
		return this;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public WaiterServerSettings setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
		return this;
	}

	public boolean isSignalsPropagate() {
		return this.signalsPropagate;
	}

	public WaiterServerSettings setSignalsPropagate(boolean signalsPropagate) {
		this.signalsPropagate = signalsPropagate;
		return this;
	}

	public boolean isTcpNoDelay() {
		return this.tcpNoDelay;
	}

	public WaiterServerSettings setTcpNoDelay(boolean tcpNoDelay) {
		this.tcpNoDelay = tcpNoDelay;
		return this;
	}

	public boolean isKeepAlive() {
		return this.keepAlive;
	}

	public WaiterServerSettings setKeepAlive(boolean keepAlive) {
		this.keepAlive = keepAlive;
		return this;
	}

	public @Nullable WaiterTls getTls() {
		return this.tls;
	}

	public WaiterServerSettings setTls(@Nullable WaiterTls tls) {
		this.tls = tls;
		return this;
	}

	public List<CidrBlock> getAllow() {
		return this.allow;
	}

	public WaiterServerSettings setAllow(List<CidrBlock> allow) {
		this.allow = List.copyOf(allow);
		return this;
	}

	public List<CidrBlock> getDeny() {
		return this.deny;
	}

	public WaiterServerSettings setDeny(List<CidrBlock> deny) {
		this.deny = List.copyOf(deny);
		return this;
	}

	public boolean isReuseAddress() {
		return this.reuseAddress;
	}

	public WaiterServerSettings setReuseAddress(boolean reuseAddress) {
		this.reuseAddress = reuseAddress;
		return this;
	}

}
