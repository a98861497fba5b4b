package io.gmeye.hub.log;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The one home of how the hub sets up its Kafka clients (the log's applier, leadership): what
 * every admin and consumer of the hub shares, and a consumer on its own thread that is closed
 * by waking it up.
 */
public final class KafkaClients {
    private KafkaClients() {
    }

    /** An admin client of the log's brokers. */
    public static Admin admin(KafkaLogConfig config, Duration requestTimeout, Duration apiTimeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis());
        return Admin.create(p);
    }

    /**
     * A consumer of raw records that never commits offsets to Kafka (a node keeps its place with
     * its state, and leadership only uses group membership), with the caller's own settings on top.
     */
    public static KafkaConsumer<byte[], byte[]> consumer(KafkaLogConfig config, String clientId, Map<String, Object> settings) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // the log makes its topic with its settings
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.putAll(settings);
        return new KafkaConsumer<>(p);
    }

    /**
     * A consumer's loop on its own daemon thread. The loop opens its consumer with {@link #open},
     * runs while {@link #running}, and ends when {@link #close} wakes the consumer up (the
     * {@link WakeupException} ends the loop quietly).
     */
    public static final class ConsumerThread implements AutoCloseable {
        /** The loop's body; it may throw, and is then handed to the failure handler. */
        public interface Loop {
            void run(ConsumerThread self) throws Exception;
        }

        private final Thread thread;
        private volatile boolean running = true;
        private volatile KafkaConsumer<byte[], byte[]> consumer;

        public ConsumerThread(String name, Loop loop, java.util.function.Consumer<Exception> failed) {
            this.thread = new Thread(() -> {
                try {
                    loop.run(this);
                } catch (WakeupException e) {
                    if (running) {
                        failed.accept(e);
                    }
                } catch (Exception e) {
                    failed.accept(e);
                } finally {
                    KafkaConsumer<byte[], byte[]> c = consumer;
                    consumer = null;
                    if (c != null) {
                        try {
                            c.close(Duration.ofSeconds(5));
                        } catch (RuntimeException e) {
                            // closing anyway: a consumer that cannot leave cleanly is dropped by its brokers' timeouts
                        }
                    }
                }
            }, name);
            thread.setDaemon(true);
        }

        public ConsumerThread start() {
            thread.start();
            return this;
        }

        /** The loop's consumer, closed when the loop ends; one per loop. */
        public KafkaConsumer<byte[], byte[]> open(KafkaConsumer<byte[], byte[]> c) {
            consumer = c;
            if (!running) {
                c.wakeup(); // closed while the loop was starting
            }
            return c;
        }

        public boolean running() {
            return running;
        }

        /** Stops the loop: wakes its consumer from a poll and waits for the thread (up to 10 s). */
        @Override
        public void close() {
            running = false;
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
