from django.views.generic import DetailView, ListView

from jobs.models import Company, Job


class JobListView(ListView):
    template_name = "jobs/job_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Job.objects.published().for_listing().order_by("-posted_at", "-id")


class JobDetailView(DetailView):
    template_name = "jobs/job_detail.html"

    def get_queryset(self):
        return Job.objects.published().for_listing().with_has_applied(self.request.user)


class CompanyDetailView(DetailView):
    template_name = "jobs/company_detail.html"

    def get_queryset(self):
        return Company.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_jobs"] = Job.objects.published().filter(company=self.object).order_by("-posted_at", "-id")[:50]
        return context
