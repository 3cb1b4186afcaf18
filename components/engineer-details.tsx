import type { ReactNode } from "react";
import type { BoardLike as Board } from "@/lib/contracts/board-views";
import type { ServiceView } from "@/lib/contracts/services";
import { makeRenderer } from "@/lib/messages/render-board";
import type { Locale } from "@/lib/messages/types";
import { ContainerList } from "./container-list";
import { EngineGroups } from "./engine-groups";
import { PrometheusRulesDetails } from "./prometheus-rules";
import { Section } from "./section";
import { ServiceList } from "./service-list";
import { MetricsEndpoints, PrometheusDetails } from "./stack-details";

/**
 * What an engineer needs beyond the summary: containers, Swarm services, Prometheus and its targets, metrics endpoints.
 * The live board passes the services' buttons and their results (as RootCauses takes `renderAction`); snapshots do not.
 */
export function EngineerDetails({
  board,
  now,
  locale = "en",
  renderServiceActions,
  serviceResults,
}: {
  board: Board;
  now: Date;
  locale?: Locale;
  renderServiceActions?: (service: ServiceView) => ReactNode;
  serviceResults?: ReactNode;
}) {
  const { text } = makeRenderer(locale, now);
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
        <Section id="services" title={text({ key: "service.section", params: {} })}>
          <ServiceList
            services={board.services}
            swarm={board.swarm ?? []}
            now={now}
            locale={locale}
            renderActions={renderServiceActions}
            results={serviceResults}
          />
        </Section>
      )}
      {board.prometheus && (
        <Section id="prometheus" title="Prometheus and its targets">
          <PrometheusDetails prometheus={board.prometheus} now={now} />
        </Section>
      )}
      {board.prometheus?.rules && (
        <Section id="prometheus-rules" title={text({ key: "rules.section", params: {} })}>
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
