/*
 * Starts DynamoDB Local bound to 127.0.0.1 only. DynamoDB Local has no host option: its Jetty
 * server listens on every interface, so anyone on the network could read and write the local
 * stack's tables. This launcher builds the server exactly as DynamoDB Local's own `main` does
 * (same command-line arguments), sets each connector's host to the loopback address, then
 * starts it. Telemetry is never configured, so none is sent.
 *
 * Compiled once into LoopbackDynamoDBLocal.class (committed: the CI machine has a JRE only):
 *   javac --release 17 -cp "<dynamodb_local>/DynamoDBLocal.jar:<dynamodb_local>/DynamoDBLocal_lib/*" \
 *     LoopbackDynamoDBLocal.java
 */
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public final class LoopbackDynamoDBLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    int bound = 0;
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector) {
        ((ServerConnector) connector).setHost("127.0.0.1");
        bound++;
      }
    }
    if (bound == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    proxy.start();
  }
}
