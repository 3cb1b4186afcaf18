import type { BoardLike as Board } from "@/lib/contracts/board-views";
import { ContainerList } from "./container-list";
import { Section } from "./section";
import { ServiceList } from "./service-list";
import { MetricsEndpoints, PrometheusDetails } from "./stack-details";

/** What an engineer needs beyond the summary: containers, Swarm services, Prometheus and its targets, metrics endpoints. */
export function EngineerDetails({ board, now }: { board: Board; now: Date }) {
  return (
    <>
      <Section id="containers" title="Containers">
        {!board.docker.reachable && (
          <p role="alert" className="text-amber-800 dark:text-amber-200">
            Docker cannot be asked: {board.docker.error}
          </p>
        )}
        <ContainerList containers={board.containers} now={now} />
      </Section>
      {board.services && (
        <Section id="services" title="Swarm services">
          <ServiceList services={board.services} swarm={board.swarm ?? []} now={now} />
        </Section>
      )}
      {board.prometheus && (
        <Section id="prometheus" title="Prometheus and its targets">
          <PrometheusDetails prometheus={board.prometheus} now={now} />
        </Section>
      )}
      {board.metricsEndpoints.length > 0 && (
        <Section id="endpoints" title="Metrics endpoints">
          <MetricsEndpoints endpoints={board.metricsEndpoints} />
        </Section>
      )}
    </>
  );
}
