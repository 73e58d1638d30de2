package io.elmkit.pipeline;

import java.net.URI;

/** {@code kafka://HOST:PORT/TOPIC}: a topic on a Kafka cluster reached through HOST:PORT (any broker of it). */
public record KafkaUri(String bootstrap, String topic) {
    /** Kafka's own rule for topic names. */
    private static final java.util.regex.Pattern TOPIC = java.util.regex.Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** Parses and checks a URI; errors name {@code option}. */
    public static KafkaUri parse(String option, URI uri) {
        if (!"kafka".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException(option + ": expected kafka://HOST:PORT/TOPIC, found " + uri);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String topic = path.startsWith("/") ? path.substring(1) : path;
        checkTopic(option, topic);
        return new KafkaUri(uri.getHost() + ":" + uri.getPort(), topic);
    }

    /** Checks a topic name (1 to 249 of a-z A-Z 0-9 . _ -). */
    public static String checkTopic(String option, String topic) {
        if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException(option + ": a topic name is 1 to 249 of a-z A-Z 0-9 . _ -, found '"
                + topic + "'");
        }
        return topic;
    }

    @Override
    public String toString() {
        return "kafka://" + bootstrap + "/" + topic;
    }
}
