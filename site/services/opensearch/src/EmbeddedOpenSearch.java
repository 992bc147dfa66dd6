// A small launcher for a real OpenSearch node from the jars in target/dependency.
//
// The OpenSearch distribution is not what Maven Central carries; its server and modules are. A node
// built through Node's protected constructor accepts the modules as classpath plugins, so no
// distribution archive is needed. Settings come as -Ekey=value arguments, like the real launcher.
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

public final class EmbeddedOpenSearch {

    /** The node with the portal's modules on the classpath. */
    static final class PortalNode extends Node {
        PortalNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder();
        for (String arg : args) {
            if (!arg.startsWith("-E") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected -Ekey=value, got " + arg);
            }
            String pair = arg.substring(2);
            int eq = pair.indexOf('=');
            builder.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        Settings settings = builder.build();
        Path home = Paths.get(settings.get("path.home"));
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("modules"));

        Map<String, String> properties = new HashMap<>();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, properties, home.resolve("config"), () -> settings.get("node.name", "eurzad-dev"));
        LogConfigurator.registerErrorListener();
        LogConfigurator.configureWithoutConfig(environment.settings());

        Node node = new PortalNode(environment, List.of(CommonAnalysisPlugin.class, Netty4Plugin.class));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        node.start();
        System.out.println("EmbeddedOpenSearch started " + settings.get("http.port"));
        stopped.await();
    }
}
