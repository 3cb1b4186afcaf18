import type { BoardLike as Board } from "@/lib/contracts/board-views";
import { makeRenderer } from "@/lib/messages/render-board";
import type { Locale } from "@/lib/messages/types";
import { ContainerList } from "./container-list";
import { EngineGroups } from "./engine-groups";
import { PrometheusRulesDetails } from "./prometheus-rules";
import { Section } from "./section";
import { ServiceList } from "./service-list";
import { MetricsEndpoints, PrometheusDetails } from "./stack-details";

/** What an engineer needs beyond the summary: containers, Swarm services, Prometheus and its targets, metrics endpoints. */
export function EngineerDetails({ board, now, locale = "en" }: { board: Board; now: Date; locale?: Locale }) {
  return (
    <>
      <Section id="containers" title="Containers">
        {board.engines && board.engines.length > 1 ? (
          <EngineGroups engines={board.engines} containers={board.containers} now={now} />
        ) : (
          <>
            {!board.docker.reachable && (
              <p role="alert" className="text-amber-800 dark:text-amber-200">
                Docker cannot be asked: {board.docker.error}
              </p>
            )}
            {board.engines?.[0]?.capped ? (
              <p className="mb-3 text-sm text-amber-800 dark:text-amber-200">
                {board.engines[0].capped} more containers matched a label selector than the board shows
              </p>
            ) : null}
            <ContainerList containers={board.containers} now={now} />
          </>
        )}
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
      {board.prometheus?.rules && (
        <Section id="prometheus-rules" title={makeRenderer(locale, now).text({ key: "rules.section", params: {} })}>
          <PrometheusRulesDetails rules={board.prometheus.rules} locale={locale} now={now} />
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
