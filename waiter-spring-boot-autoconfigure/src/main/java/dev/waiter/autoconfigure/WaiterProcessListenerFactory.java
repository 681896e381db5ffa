package dev.waiter.autoconfigure;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.function.BiConsumer;

import dev.waiter.event.WaiterProcessEvent;
import dev.waiter.event.WaiterRequestEvent;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ApplicationListenerMethodAdapter;
import org.springframework.context.event.EventListenerFactory;
import org.springframework.core.NativeDetector;
import org.springframework.core.Ordered;

/**
 * Creates the listeners of {@code @EventListener} methods that take a
 * {@link WaiterProcessEvent}: Spring's own adapter, with the method called through a
 * lambda generated for it instead of {@code Method.invoke}. The process step is where a
 * handler blocks, waiting for its client, for as long as the connection lives, and every
 * frame under that read stays on the connection's stack: the reflective call's frames
 * cost each idle connection about 1.5 KB. Conditions, ordering, argument resolution and
 * the exceptions a listener sees are Spring's ({@code shouldHandle},
 * {@code resolveArguments}, a checked exception or an {@code Error} wrapped in an
 * {@code UndeclaredThrowableException} with the message {@code ApplicationListenerMethodAdapter}
 * gives it).
 * Methods it cannot reach this way (another class loader, a module that does not open its
 * package, a native image) get Spring's adapter unchanged. Runs while the context starts.
 */
final class WaiterProcessListenerFactory implements EventListenerFactory, Ordered {

	/** Before Spring's default factory, after its transactional one. */
	static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public boolean supportsMethod(Method method) {
		return !Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 1
				&& (method.getParameterTypes()[0] == WaiterProcessEvent.class
						|| method.getParameterTypes()[0] == WaiterRequestEvent.class)
				&& method.getReturnType() == void.class;
	}

	@Override
	public ApplicationListener<?> createApplicationListener(String beanName, Class<?> type, Method method) {
		BiConsumer<Object, Object> invoker = NativeDetector.inNativeImage() ? null : invoker(method);
		return (invoker != null) ? new DirectAdapter(beanName, type, method, invoker)
				: new ApplicationListenerMethodAdapter(beanName, type, method);
	}

	/** A lambda that calls the method on a bean, or {@code null} when the method cannot be reached. */
	@SuppressWarnings("unchecked")
	static @Nullable BiConsumer<Object, Object> invoker(Method method) {
		try {
			MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup());
			if (!lookup.hasFullPrivilegeAccess()) {
				return null;
			}
			MethodHandle target = lookup.unreflect(method);
			CallSite site = LambdaMetafactory.metafactory(lookup, "accept", MethodType.methodType(BiConsumer.class),
					MethodType.methodType(void.class, Object.class, Object.class), target, target.type());
			return (BiConsumer<Object, Object>) site.getTarget().invokeExact();
		}
		catch (Throwable ex) {
			return null;
		}
	}

	/** Spring's adapter, calling the method through the generated lambda. */
	static final class DirectAdapter extends ApplicationListenerMethodAdapter {

		private final BiConsumer<Object, Object> invoker;

		DirectAdapter(String beanName, Class<?> targetClass, Method method, BiConsumer<Object, Object> invoker) {
			super(beanName, targetClass, method);
			this.invoker = invoker;
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (!isDefaultExecution()) {
				return;
			}
			@Nullable Object[] args = resolveArguments(event);
			if (args == null || !shouldHandle(event)) {
				return;
			}
			Object bean = getTargetBean();
			if (bean.equals(null)) {
				return;
			}
			try {
				this.invoker.accept(bean, args[0]);
			}
			catch (RuntimeException ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new UndeclaredThrowableException(ex, invocationErrorMessage(bean, args[0]));
			}
		}

		/**
		 * The message Spring's adapter gives the wrapper: the method's details and the
		 * argument it was called with, for a multicaster's error handler that logs it.
		 */
		private String invocationErrorMessage(Object bean, @Nullable Object argument) {
			String resolved = (argument != null)
					? "[type=" + argument.getClass().getName() + "] [value=" + argument + "]\n" : "[null] \n";
			return getDetailedErrorMessage(bean, "Failed to invoke event listener method") + "Resolved arguments: \n[0] "
					+ resolved;
		}

	}

}
