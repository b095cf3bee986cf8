package io.canarykit.testkit.compat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.LocalObjectReference;
import io.canarykit.api.model.ObjectMeta;
import java.util.List;

/** The canary the kits use unless an adapter supplies its own: {@code prod/web} targeting Deployment {@code web}. */
public final class KitCanaries {

    private KitCanaries() {
    }

    public static Canary web() {
        CanaryAnalysis analysis = new CanaryAnalysis("1m", null, null, null, 50, 10, List.of(), null, 3, null, null, List.of(),
                List.of(), List.of(), List.of(), null, null);
        CanarySpec spec = new CanarySpec(null, null, new LocalObjectReference("apps/v1", "Deployment", "web"), null, null, null,
                null, CanaryService.ofPort(80), analysis, null, null, null, null, null);
        return Canary.of(ObjectMeta.of("prod", "web"), spec);
    }
}
