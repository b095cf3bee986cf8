package io.canarykit.k8s.internal;

import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The ports of the generated Services (reference §5.1 and Flagger's port discovery, §1.2). */
public final class ServiceSpecs {

    private static final Set<String> PROXY_CONTAINERS = Set.of("istio-proxy", "envoy");

    private ServiceSpecs() {
    }

    public static List<ServicePort> ports(CanaryService service, PodTemplateSpec template) {
        List<ServicePort> ports = new ArrayList<>();
        IntOrString targetPort = service.targetPortOrDefault();
        ServicePortBuilder first = new ServicePortBuilder().withName(service.portNameOrDefault()).withProtocol("TCP")
                .withPort(service.port() == null ? 0 : service.port()).withTargetPort(fabric8(targetPort));
        if (service.appProtocol() != null && !service.appProtocol().isEmpty()) {
            first.withAppProtocol(service.appProtocol());
        }
        ports.add(first.build());
        if (service.isPortDiscovery()) {
            ports.addAll(discovered(template, targetPort));
        }
        return ports;
    }

    /** Every container port except the target port's and the proxies'; unnamed ones as tcp-container-index. */
    static List<ServicePort> discovered(PodTemplateSpec template, IntOrString targetPort) {
        List<ServicePort> ports = new ArrayList<>();
        List<Container> containers = template.getSpec() == null ? null : template.getSpec().getContainers();
        for (Container container : containers == null ? List.<Container>of() : containers) {
            if (PROXY_CONTAINERS.contains(container.getName()) || container.getPorts() == null) {
                continue;
            }
            List<ContainerPort> containerPorts = container.getPorts();
            for (int i = 0; i < containerPorts.size(); i++) {
                ContainerPort p = containerPorts.get(i);
                boolean isTarget = targetPort.isInt() ? p.getContainerPort().equals(targetPort.intValue())
                        : targetPort.stringValue().equals(p.getName());
                if (isTarget) {
                    continue;
                }
                String name = p.getName() == null || p.getName().isEmpty() ? "tcp-" + container.getName() + "-" + i : p.getName();
                ports.add(new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(p.getContainerPort())
                        .withTargetPort(new io.fabric8.kubernetes.api.model.IntOrString(p.getContainerPort())).build());
            }
        }
        return ports;
    }

    private static io.fabric8.kubernetes.api.model.IntOrString fabric8(IntOrString value) {
        return value.isInt() ? new io.fabric8.kubernetes.api.model.IntOrString(value.intValue())
                : new io.fabric8.kubernetes.api.model.IntOrString(value.stringValue());
    }
}
