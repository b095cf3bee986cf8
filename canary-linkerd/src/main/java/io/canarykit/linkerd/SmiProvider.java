package io.canarykit.linkerd;

import io.canarykit.api.InvalidCanarySpecException;
import java.util.List;
import java.util.Objects;

/**
 * A {@code spec.provider} (or controller default) routed through an SMI TrafficSplit, as Flagger's
 * router factory reads it: {@code linkerd} is SMI {@code v1alpha1}; {@code osm} is {@code v1alpha2};
 * {@code smi:v1alpha1}, {@code smi:v1alpha2}, {@code smi:v1alpha3} (the values Flagger's CRD allows
 * in {@code spec.provider}) and {@code smi:<version>:<mesh>} (Flagger's {@code -mesh-provider} flag)
 * pick the version, with the mesh after it. The mesh only matters for {@code istio}: Flagger then
 * carries {@code service.gateways} in an annotation of the split.
 *
 * @param id      the provider text, the key the engine and the operator route by
 * @param version the TrafficSplit version written
 * @param mesh    the mesh ({@code linkerd}, {@code osm}, the text after {@code smi:<version>:}), empty when not named
 */
public record SmiProvider(String id, SmiVersion version, String mesh) {

    public static final String PREFIX = "smi:";
    public static final SmiProvider LINKERD = new SmiProvider("linkerd", SmiVersion.V1ALPHA1, "linkerd");
    public static final SmiProvider OSM = new SmiProvider("osm", SmiVersion.V1ALPHA2, "osm");
    /** Every provider Flagger's CRD accepts in {@code spec.provider} that routes through a TrafficSplit. */
    public static final List<SmiProvider> FLAGGER_PROVIDERS = List.of(LINKERD, OSM, parse("smi:v1alpha1"), parse("smi:v1alpha2"),
            parse("smi:v1alpha3"));

    public SmiProvider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(mesh, "mesh");
    }

    /**
     * The provider {@code id}: {@code linkerd}, {@code osm}, {@code smi:<version>} or
     * {@code smi:<version>:<mesh>}. Anything else is refused: Flagger would fall back to Istio
     * for an unknown text, which here would be a TrafficSplit no mesh reads.
     */
    public static SmiProvider parse(String id) {
        Objects.requireNonNull(id, "id");
        if (id.equals(LINKERD.id)) {
            return LINKERD;
        }
        if (id.equals(OSM.id)) {
            return OSM;
        }
        if (id.startsWith(PREFIX)) {
            String rest = id.substring(PREFIX.length());
            int colon = rest.indexOf(':');
            String version = colon < 0 ? rest : rest.substring(0, colon);
            String mesh = colon < 0 ? "" : rest.substring(colon + 1);
            if (colon < 0 || !mesh.isEmpty()) {
                var parsed = SmiVersion.of(version);
                if (parsed.isPresent()) {
                    return new SmiProvider(id, parsed.get(), mesh);
                }
            }
        }
        throw new InvalidCanarySpecException("spec.provider: \"" + id + "\" is not an SMI provider (linkerd, osm, "
                + "smi:v1alpha1, smi:v1alpha2, smi:v1alpha3, or smi:<version>:<mesh>)");
    }

    /** Whether {@code id} is a provider {@link #parse} accepts. */
    public static boolean isSmi(String id) {
        try {
            parse(id);
            return true;
        } catch (InvalidCanarySpecException e) {
            return false;
        }
    }
}
