import { Link } from 'react-router-dom';

export function NotFoundRoute() {
  return (
    <div className="page">
      <section className="card">
        <div className="state state-empty">
          <p className="state-title">Page not found</p>
          <p className="state-text">The address may be mistyped, or the page may have moved.</p>
          <Link to="/" className="btn btn-secondary btn-sm">
            Back to the dashboard
          </Link>
        </div>
      </section>
    </div>
  );
}
