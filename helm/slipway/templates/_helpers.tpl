{{/*
Names and labels shared by every object of the chart.
Selectors use only name and instance: the other labels change between releases, and a Deployment's
selector cannot change after it is created.
*/}}

{{- define "slipway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's name when it already says "slipway", otherwise <release>-slipway. */}}
{{- define "slipway.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "slipway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "slipway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "slipway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "slipway.labels" -}}
{{ include "slipway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/component: portal
app.kubernetes.io/part-of: slipway
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "slipway.chart" . }}
{{- end -}}

{{- define "slipway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "slipway.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Cluster-scoped names carry the namespace: two releases of the same name must not collide. */}}
{{- define "slipway.clusterRoleName" -}}
{{- printf "%s-%s" .Release.Namespace (include "slipway.fullname" .) -}}
{{- end -}}

{{/* The migration Job's pods: not selected by the portal's Service, PDB or NetworkPolicy. */}}
{{- define "slipway.migrationsLabels" -}}
app.kubernetes.io/name: {{ include "slipway.name" . }}-migrations
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/component: migrations
app.kubernetes.io/part-of: slipway
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "slipway.chart" . }}
{{- end -}}

{{/* No runAsUser or fsGroup: OpenShift's restricted-v2 SCC assigns the namespace's UID range. */}}
{{- define "slipway.podSecurityContext" -}}
runAsNonRoot: true
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "slipway.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "slipway.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/*
Settings the chart refuses, each with a message that says what to do. Included by the Deployment,
so `helm template`, `install` and `upgrade` stop before anything reaches the cluster.
*/}}
{{- define "slipway.validate" -}}
{{- $several := or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled -}}
{{- if and $several (not .Values.generatorKey.existingSecret) -}}
{{- fail "generatorKey.existingSecret is required with more than one replica (replicaCount > 1 or autoscaling.enabled): every replica must derive generated passwords from the same key, or provisioning resumed by another replica creates different ones. Create a Secret, e.g. `oc create secret generic slipway-generator-key --from-literal=generator-key=$(openssl rand -base64 32)`, and set generatorKey.existingSecret=slipway-generator-key (generatorKey.key names the key, default generator-key)." -}}
{{- end -}}
{{- $cookies := index .Values.route.annotations "haproxy.router.openshift.io/disable_cookies" -}}
{{- if and $cookies (ne (toString $cookies) "false") -}}
{{- fail "route.annotations must not set haproxy.router.openshift.io/disable_cookies: Vaadin keeps each UI's state in the HTTP session, so a user's requests must stay on one replica (the Route's cookie, route.cookieName, does that)." -}}
{{- end -}}
{{- if and .Values.migrations.existingSecret (not .Values.database.existingSecret) -}}
{{- fail "migrations.existingSecret needs database.existingSecret: the migration Job runs as the tables' owner and gives the portal's role, named by database.existingSecret's user name, only SELECT and INSERT on the audit ledger; without it the portal would have no role of its own. Set database.existingSecret to the portal's role's Secret." -}}
{{- end -}}
{{- if and .Values.releaseGate.webhookUrl .Values.releaseGate.existingSecret -}}
{{- fail "Set either releaseGate.webhookUrl or releaseGate.existingSecret, not both: the Secret's value would silently win over the URL." -}}
{{- end -}}
{{- end -}}

{{/*
The portal's application.yaml: the settings the values describe, then extraConfig over them.
Unset values are left out, so the portal's own defaults (and its fail-fast checks) apply.
*/}}
{{- define "slipway.applicationConfig" -}}
{{- $v := .Values -}}
{{- $oidc := dict -}}
{{- with $v.oidc.issuerUri }}{{ $_ := set $oidc "issuer-uri" . }}{{ end -}}
{{- with $v.oidc.clientId }}{{ $_ := set $oidc "client-id" . }}{{ end -}}
{{- with $v.oidc.audience }}{{ $_ := set $oidc "audience" . }}{{ end -}}
{{- $security := dict "team-group-prefix" $v.security.teamGroupPrefix "role-groups" (deepCopy $v.security.roleGroups) -}}
{{- with $oidc }}{{ $_ := set $security "oidc" . }}{{ end -}}
{{- with $v.security.pipelines }}{{ $_ := set $security "pipelines" (deepCopy .) }}{{ end -}}
{{- $impersonation := dict "enabled" $v.impersonation.enabled -}}
{{- with $v.impersonation.userPrefix }}{{ $_ := set $impersonation "user-prefix" . }}{{ end -}}
{{- with $v.impersonation.groupPrefix }}{{ $_ := set $impersonation "group-prefix" . }}{{ end -}}
{{- $slipway := dict "security" $security "cluster" (dict "impersonation" $impersonation) "slo" (dict "dashboard" $v.slo.dashboard) -}}
{{- with $v.prometheus.url }}{{ $_ := set $slipway "prometheus" (dict "url" .) }}{{ end -}}
{{- with $v.releaseGate.webhookUrl }}{{ $_ := set $slipway "release-gate" (dict "webhook" (dict "url" .)) }}{{ end -}}
{{- /* the container port named management in the Deployment */ -}}
{{- $management := dict "server" (dict "port" 9090) "endpoints" (dict "web" (dict "exposure" (dict "include" "health,info,prometheus"))) -}}
{{- $config := dict "slipway" $slipway "management" $management -}}
{{- with $v.database.url }}{{ $_ := set $config "spring" (dict "datasource" (dict "url" .)) }}{{ end -}}
{{- if $v.jsonLogs }}{{ $_ := set $config "logging" (dict "structured" (dict "format" (dict "console" "ecs"))) }}{{ end -}}
{{- $config = mustMergeOverwrite $config (deepCopy $v.extraConfig) -}}
{{- toYaml $config -}}
{{- end -}}
