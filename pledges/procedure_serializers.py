"""Schemas of the read API over the 관리 규정's procedures: 조정, 자체평가 and citizen panels (`values()` rows)."""

from rest_framework import serializers

from plans.serializers import UnitRefSerializer
from pledges.models import (
    DECIDED_STATUSES,
    ChangeKind,
    ChangeReasonClass,
    ChangeResult,
    MemberCategory,
    PanelKind,
    PledgeChange,
    SelfGrade,
)


class PledgeNamedSerializer(serializers.Serializer):
    """The pledge a record belongs to, as every row of these lists names it."""

    pledge = serializers.IntegerField(help_text="공약 id")
    pledge_code = serializers.CharField(help_text="공약 번호")
    municipality = serializers.CharField(help_text="지방자치단체 주소 이름")
    term = serializers.IntegerField(help_text="임기 id")


class ChangeCommentRowSerializer(serializers.Serializer):
    """A citizen's comment a moderator published, with the department's answer."""

    name = serializers.CharField(help_text="이름(별명), 없으면 빈 문자열")
    text = serializers.CharField(help_text="의견")
    submitted_at = serializers.DateTimeField(help_text="접수일시")
    answer = serializers.CharField(help_text="부서 답변, 아직 없으면 빈 문자열")
    answered_at = serializers.DateTimeField(allow_null=True, help_text="답변일시")


class PledgeChangeRowSerializer(PledgeNamedSerializer):
    """A 변경안 citizens may read: opened for comments, decided or published, the original beside the proposal."""

    id = serializers.IntegerField(help_text="id")
    kind = serializers.ChoiceField(choices=ChangeKind.choices, help_text="조정 구분")
    kind_label = serializers.CharField(help_text="조정 구분 표시 이름")
    reason_class = serializers.ChoiceField(choices=ChangeReasonClass.choices, help_text="사유 분류")
    reason_class_label = serializers.CharField(help_text="사유 분류 표시 이름")
    reason = serializers.CharField(help_text="조정 사유")
    original_title = serializers.CharField(help_text="원래 공약명")
    original_target = serializers.CharField(help_text="원래 목표")
    proposed_title = serializers.CharField(help_text="변경 공약명")
    proposed_target = serializers.CharField(help_text="변경 목표")
    proposed_content = serializers.CharField(help_text="변경 주요 내용")
    proposed_period = serializers.CharField(help_text="변경 기간")
    proposed_cost = serializers.IntegerField(allow_null=True, help_text="변경 총사업비(원), 없으면 null")
    merged_into = serializers.IntegerField(allow_null=True, help_text="통합 대상 공약 id(통합일 때)")
    state = serializers.ChoiceField(choices=PledgeChange.State.choices, help_text="처리상태")
    state_label = serializers.CharField(help_text="처리상태 표시 이름")
    comment_start = serializers.DateField(allow_null=True, help_text="의견 수렴 시작일")
    comment_end = serializers.DateField(allow_null=True, help_text="의견 수렴 종료일")
    decision_body = serializers.CharField(help_text="결정 기구")
    decided_on = serializers.DateField(allow_null=True, help_text="결정일")
    votes_for = serializers.IntegerField(allow_null=True, help_text="찬성")
    votes_against = serializers.IntegerField(allow_null=True, help_text="반대")
    votes_abstain = serializers.IntegerField(allow_null=True, help_text="기권")
    decision_summary = serializers.CharField(help_text="결정 요지")
    result = serializers.ChoiceField(choices=[("", "미결정"), *ChangeResult.choices], help_text="결정 결과")
    result_label = serializers.CharField(help_text="결정 결과 표시 이름, 결정 전이면 빈 문자열")
    published_at = serializers.DateTimeField(allow_null=True, help_text="공표일시")
    comments = ChangeCommentRowSerializer(many=True, help_text="공개된 시민 의견과 부서 답변, 접수 순")
    url = serializers.CharField(help_text="공개 페이지 주소")


class ContributionRowSerializer(serializers.Serializer):
    """A cooperating unit's part of a self-evaluation."""

    unit = UnitRefSerializer(help_text="협조부서")
    content = serializers.CharField(help_text="협조 추진상황")
    problems = serializers.CharField(help_text="문제점·건의")


class SelfEvaluationRowSerializer(PledgeNamedSerializer):
    """An approved quarterly self-evaluation (분기별 자체평가) with the cooperating units' parts."""

    id = serializers.IntegerField(help_text="id")
    year = serializers.IntegerField(help_text="연도")
    quarter = serializers.IntegerField(help_text="분기(1~4)")
    summary = serializers.CharField(help_text="추진상황")
    grade = serializers.ChoiceField(choices=SelfGrade.choices, help_text="자체 평가 등급")
    grade_label = serializers.CharField(help_text="자체 평가 등급 표시 이름")
    progress = serializers.IntegerField(allow_null=True, help_text="추진률(%), 없으면 null")
    problems = serializers.CharField(help_text="문제점(부진 사유)")
    measures = serializers.CharField(help_text="대책")
    completion_status = serializers.ChoiceField(
        choices=[("", "결정 없음"), *((s.value, s.label) for s in DECIDED_STATUSES)],
        help_text="총괄부서가 결정한 완료 상태, 결정이 없으면 빈 문자열",
    )
    completion_criterion = serializers.CharField(help_text="완료 기준")
    completion_decided_on = serializers.DateField(allow_null=True, help_text="완료 결정일")
    reviewed_at = serializers.DateTimeField(allow_null=True, help_text="승인일시")
    corrected_at = serializers.DateTimeField(allow_null=True, help_text="정정일시(정정된 적이 없으면 null)")
    contributions = ContributionRowSerializer(many=True, help_text="협조부서의 추진상황, 부서 이름 순")


class PanelRefSerializer(serializers.Serializer):
    """The panel a meeting belongs to."""

    id = serializers.IntegerField(help_text="평가단 id")
    name = serializers.CharField(help_text="명칭")
    kind = serializers.ChoiceField(choices=PanelKind.choices, help_text="구분")


class PledgeCodeSerializer(serializers.Serializer):
    """A pledge named by id and number."""

    id = serializers.IntegerField(help_text="공약 id")
    code = serializers.CharField(help_text="공약 번호")


class OpinionRowSerializer(serializers.Serializer):
    """An opinion a meeting gave, with the city's response."""

    order = serializers.IntegerField(help_text="순서")
    opinion = serializers.CharField(help_text="의견")
    city_response = serializers.CharField(help_text="시의 답변, 아직 없으면 빈 문자열")
    responded_on = serializers.DateField(allow_null=True, help_text="답변일")


class PanelMeetingRowSerializer(serializers.Serializer):
    """An approved meeting of a citizen panel: date, agenda, summary, pledges discussed, opinions and responses."""

    id = serializers.IntegerField(help_text="id")
    municipality = serializers.CharField(help_text="지방자치단체 주소 이름")
    panel = PanelRefSerializer(help_text="평가단")
    held_on = serializers.DateField(help_text="개최일")
    agenda = serializers.CharField(help_text="안건")
    summary = serializers.CharField(help_text="회의 요지")
    pledges = PledgeCodeSerializer(many=True, help_text="논의한 공약, 번호 순")
    opinions = OpinionRowSerializer(many=True, help_text="의견과 시의 답변, 순서대로")
    reviewed_at = serializers.DateTimeField(allow_null=True, help_text="승인일시")
    url = serializers.CharField(help_text="공개 페이지 주소")


class PanelMemberRowSerializer(serializers.Serializer):
    """A member who consented to be named: name and category, nothing else."""

    name = serializers.CharField(help_text="성명")
    category = serializers.ChoiceField(choices=MemberCategory.choices, help_text="분야")


class CitizenPanelRowSerializer(serializers.Serializer):
    """A citizen panel: kind, founding date, rules, members counted by category and the consented ones named."""

    id = serializers.IntegerField(help_text="id")
    municipality = serializers.CharField(help_text="지방자치단체 주소 이름")
    term = serializers.IntegerField(allow_null=True, help_text="임기 id(상설이면 null)")
    kind = serializers.ChoiceField(choices=PanelKind.choices, help_text="구분")
    kind_label = serializers.CharField(help_text="구분 표시 이름")
    name = serializers.CharField(help_text="명칭")
    founded_on = serializers.DateField(help_text="구성일")
    rules = serializers.CharField(help_text="운영 규정")
    member_counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="분야별 위원 수(공개에 동의하지 않은 위원도 셈)"
    )
    members = PanelMemberRowSerializer(many=True, help_text="공개에 동의한 위원, 분야·성명 순")
